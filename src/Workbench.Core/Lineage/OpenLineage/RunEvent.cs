using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbench.Core.Lineage.OpenLineage;

/// <summary>An OpenLineage run event (spec 2-0-2), as much of it as the workbench writes and reads.</summary>
public sealed record RunEvent(
    string EventType,
    DateTimeOffset EventTime,
    RunInfo Run,
    JobInfo Job,
    IReadOnlyList<DatasetInfo> Inputs,
    IReadOnlyList<DatasetInfo> Outputs,
    string Producer,
    [property: JsonPropertyName("schemaURL")] string SchemaUrl)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}

public sealed record RunInfo(Guid RunId, RunFacets? Facets = null);

public sealed record RunFacets(ErrorMessageFacet? ErrorMessage = null);

public sealed record JobInfo(string Namespace, string Name);

public sealed record DatasetInfo(string Namespace, string Name, DatasetFacets? Facets = null);

public sealed record DatasetFacets(ColumnLineageFacet? ColumnLineage = null);

public sealed record ErrorMessageFacet(
    [property: JsonPropertyName("_producer")] string Producer,
    [property: JsonPropertyName("_schemaURL")] string SchemaUrl,
    string Message,
    string ProgrammingLanguage);

/// <summary>For each output column, the input fields it was computed from.</summary>
public sealed record ColumnLineageFacet(
    [property: JsonPropertyName("_producer")] string Producer,
    [property: JsonPropertyName("_schemaURL")] string SchemaUrl,
    IReadOnlyDictionary<string, ColumnLineageField> Fields);

public sealed record ColumnLineageField(IReadOnlyList<InputField> InputFields);

public sealed record InputField(string Namespace, string Name, string Field, IReadOnlyList<Transformation>? Transformations = null);

/// <param name="Type"><c>DIRECT</c> or <c>INDIRECT</c>.</param>
/// <param name="Subtype">For DIRECT: IDENTITY, TRANSFORMATION, AGGREGATION; for INDIRECT: JOIN, FILTER, ...</param>
public sealed record Transformation(string Type, string? Subtype = null, string? Description = null, bool? Masking = null);
