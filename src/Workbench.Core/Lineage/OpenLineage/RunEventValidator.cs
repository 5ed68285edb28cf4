using System.Globalization;
using System.Text.Json;

namespace Workbench.Core.Lineage.OpenLineage;

/// <summary>
/// Checks a JSON document against the required fields and shapes of the OpenLineage RunEvent (2-0-2) and of
/// the facets the workbench understands (ColumnLineageDatasetFacet 1-2-0). Each problem names its JSON path.
/// </summary>
public static class RunEventValidator
{
    public static IReadOnlyList<string> Validate(JsonElement root)
    {
        var errors = new List<string>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("$: a run event must be a JSON object");
            return errors;
        }

        RequireDateTime(root, "eventTime", "$", errors);
        RequireUri(root, "producer", "$", errors);
        RequireUri(root, "schemaURL", "$", errors);
        if (RequireString(root, "eventType", "$", errors) is { } eventType && !OpenLineageSpec.EventTypes.Contains(eventType))
            errors.Add($"$.eventType: '{eventType}' is not one of {string.Join(", ", OpenLineageSpec.EventTypes)}");

        if (RequireObject(root, "run", "$", errors) is { } run)
        {
            if (RequireString(run, "runId", "$.run", errors) is { } runId && !Guid.TryParse(runId, out _))
                errors.Add("$.run.runId: must be a UUID");
            ValidateFacets(run, "$.run", errors);
        }

        if (RequireObject(root, "job", "$", errors) is { } job)
        {
            RequireString(job, "namespace", "$.job", errors);
            RequireString(job, "name", "$.job", errors);
            ValidateFacets(job, "$.job", errors);
        }

        ValidateDatasets(root, "inputs", errors);
        ValidateDatasets(root, "outputs", errors);
        return errors;
    }

    private static void ValidateDatasets(JsonElement root, string property, List<string> errors)
    {
        if (!root.TryGetProperty(property, out var list))
            return;
        if (list.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"$.{property}: must be an array");
            return;
        }
        var index = 0;
        foreach (var dataset in list.EnumerateArray())
        {
            var path = $"$.{property}[{index++}]";
            if (dataset.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{path}: must be an object");
                continue;
            }
            RequireString(dataset, "namespace", path, errors);
            RequireString(dataset, "name", path, errors);
            ValidateFacets(dataset, path, errors);
            if (dataset.TryGetProperty("facets", out var facets) && facets.ValueKind == JsonValueKind.Object
                && facets.TryGetProperty("columnLineage", out var columnLineage))
                ValidateColumnLineage(columnLineage, $"{path}.facets.columnLineage", errors);
        }
    }

    /// <summary>Every facet is an object carrying <c>_producer</c> and <c>_schemaURL</c> (BaseFacet).</summary>
    private static void ValidateFacets(JsonElement owner, string path, List<string> errors)
    {
        if (!owner.TryGetProperty("facets", out var facets))
            return;
        if (facets.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}.facets: must be an object");
            return;
        }
        foreach (var facet in facets.EnumerateObject())
        {
            var facetPath = $"{path}.facets.{facet.Name}";
            if (facet.Value.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{facetPath}: must be an object");
                continue;
            }
            RequireUri(facet.Value, "_producer", facetPath, errors);
            RequireUri(facet.Value, "_schemaURL", facetPath, errors);
        }
    }

    private static void ValidateColumnLineage(JsonElement facet, string path, List<string> errors)
    {
        if (facet.ValueKind != JsonValueKind.Object || RequireObject(facet, "fields", path, errors) is not { } fields)
            return;
        foreach (var column in fields.EnumerateObject())
        {
            var columnPath = $"{path}.fields.{column.Name}";
            if (column.Value.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{columnPath}: must be an object");
                continue;
            }
            if (!column.Value.TryGetProperty("inputFields", out var inputs) || inputs.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"{columnPath}.inputFields: required, must be an array");
                continue;
            }
            var index = 0;
            foreach (var input in inputs.EnumerateArray())
                ValidateInputField(input, $"{columnPath}.inputFields[{index++}]", errors);
        }
    }

    private static void ValidateInputField(JsonElement input, string path, List<string> errors)
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: must be an object");
            return;
        }
        RequireString(input, "namespace", path, errors);
        RequireString(input, "name", path, errors);
        RequireString(input, "field", path, errors);
        if (!input.TryGetProperty("transformations", out var transformations))
            return;
        if (transformations.ValueKind != JsonValueKind.Array)
        {
            errors.Add($"{path}.transformations: must be an array");
            return;
        }
        var index = 0;
        foreach (var transformation in transformations.EnumerateArray())
        {
            var transformationPath = $"{path}.transformations[{index++}]";
            if (transformation.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{transformationPath}: must be an object");
                continue;
            }
            if (RequireString(transformation, "type", transformationPath, errors) is { } type && !OpenLineageSpec.TransformationTypes.Contains(type))
                errors.Add($"{transformationPath}.type: '{type}' is not DIRECT or INDIRECT");
            OptionalKind(transformation, "subtype", JsonValueKind.String, transformationPath, errors);
            OptionalKind(transformation, "description", JsonValueKind.String, transformationPath, errors);
            if (transformation.TryGetProperty("masking", out var masking) && masking.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                errors.Add($"{transformationPath}.masking: must be a boolean");
        }
    }

    private static void OptionalKind(JsonElement owner, string property, JsonValueKind kind, string path, List<string> errors)
    {
        if (owner.TryGetProperty(property, out var value) && value.ValueKind != kind)
            errors.Add($"{path}.{property}: must be a {kind.ToString().ToLowerInvariant()}");
    }

    private static string? RequireString(JsonElement owner, string property, string path, List<string> errors)
    {
        if (!owner.TryGetProperty(property, out var value))
        {
            errors.Add($"{path}.{property}: required");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            errors.Add($"{path}.{property}: must be a non-empty string");
            return null;
        }
        return value.GetString();
    }

    private static JsonElement? RequireObject(JsonElement owner, string property, string path, List<string> errors)
    {
        if (!owner.TryGetProperty(property, out var value))
        {
            errors.Add($"{path}.{property}: required");
            return null;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}.{property}: must be an object");
            return null;
        }
        return value;
    }

    private static void RequireUri(JsonElement owner, string property, string path, List<string> errors)
    {
        if (RequireString(owner, property, path, errors) is { } text && !Uri.TryCreate(text, UriKind.Absolute, out _))
            errors.Add($"{path}.{property}: must be an absolute URI");
    }

    private static void RequireDateTime(JsonElement owner, string property, string path, List<string> errors)
    {
        // ISO 8601 with an offset, as JSON Schema's date-time format (RFC 3339) demands.
        if (RequireString(owner, property, path, errors) is { } text
            && !(DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _)
                 && (text.EndsWith('Z') || text.EndsWith('z') || text.Length > 6 && text[^6] is '+' or '-')))
            errors.Add($"{path}.{property}: must be an RFC 3339 date-time with an offset");
    }
}
