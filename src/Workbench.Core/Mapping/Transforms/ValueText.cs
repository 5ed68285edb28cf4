using System.Globalization;
using System.Text.Json;

namespace Workbench.Core.Mapping.Transforms;

/// <summary>How values read as text, the same everywhere (previews, value maps, concatenation).</summary>
public static class ValueText
{
    public static string? Of(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString(t.TimeOfDay == TimeSpan.Zero && t.Kind == DateTimeKind.Unspecified ? "yyyy-MM-dd" : "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset o => o.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        JsonElement e => e.GetRawText(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>For previews: null is shown as such, text is quoted so trailing spaces are visible.</summary>
    public static string Display(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        JsonElement { ValueKind: JsonValueKind.String } e => $"\"{e.GetString()}\"",
        _ => Of(value) ?? "null",
    };
}
