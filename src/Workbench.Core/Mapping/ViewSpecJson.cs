using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbench.Core.Mapping;

/// <summary>
/// The documented JSON form of a view (see docs/mapping.md, "View spec"): <c>{"format": "workbench.view/1", "view": {...}}</c>.
/// The same document is stored as a version, exported, imported, and read by the CLI and HTTP API.
/// </summary>
public static class ViewSpecJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // PostgreSQL's jsonb reorders keys, so the transform "kind" may not come first.
        AllowOutOfOrderMetadataProperties = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private sealed record Document(string Format, ViewSpec View);

    public static string Serialize(ViewSpec spec) => JsonSerializer.Serialize(new Document(ViewSpec.Format, spec), Options);

    /// <summary>Reads a spec; a document that is not one gets a message saying what is wrong, not an exception.</summary>
    public static bool TryDeserialize(string json, out ViewSpec spec, out string error)
    {
        spec = ViewSpec.Empty("");
        try
        {
            var document = JsonSerializer.Deserialize<Document>(json, Options);
            if (document is null || document.Format != ViewSpec.Format)
            {
                error = $"Not a view spec: \"format\" must be \"{ViewSpec.Format}\".";
                return false;
            }
            if (document.View is null || string.IsNullOrWhiteSpace(document.View.Name))
            {
                error = "The view has no name.";
                return false;
            }
            spec = Normalise(document.View);
            error = "";
            return true;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            error = $"The JSON cannot be read as a view spec: {ex.Message}";
            return false;
        }
    }

    public static ViewSpec Deserialize(string json) =>
        TryDeserialize(json, out var spec, out var error) ? spec : throw new FormatException(error);

    // Lists left out of a hand-written document read as empty, never null.
    private static ViewSpec Normalise(ViewSpec view) => view with
    {
        Datasets = view.Datasets ?? [],
        Relationships = view.Relationships ?? [],
        Target = view.Target ?? [],
        Mappings = (view.Mappings ?? []).Select(m => m with
        {
            Sources = (m.Sources ?? []).Select(s => s with { Transforms = s.Transforms ?? [] }).ToList(),
        }).ToList(),
        Rules = view.Rules ?? [],
    };
}
