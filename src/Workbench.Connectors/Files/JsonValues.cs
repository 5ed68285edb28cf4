using System.Text.Json;

namespace Workbench.Connectors.Files;

/// <summary>JSON values as row values: strings, longs, decimals, booleans, null; objects and arrays as their JSON text.</summary>
public static class JsonValues
{
    public static object? From(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var l) ? l : value.TryGetDecimal(out var d) ? d : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };

    /// <summary>Follows a dotted path (<c>data.items</c>); the element itself when the path is empty.</summary>
    public static JsonElement? Navigate(JsonElement root, string? path)
    {
        var current = root;
        foreach (var part in (path ?? "").Split('.', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
                return null;
        }
        return current;
    }
}
