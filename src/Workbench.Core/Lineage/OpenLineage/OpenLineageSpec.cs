namespace Workbench.Core.Lineage.OpenLineage;

/// <summary>The schema addresses events and facets name; they identify versions, nothing is fetched from them.</summary>
public static class OpenLineageSpec
{
    public const string RunEventSchema = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
    public const string ColumnLineageSchema = "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet";
    public const string ErrorMessageSchema = "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet";
    public const string Producer = "https://github.com/workbench/workbench";

    public static readonly IReadOnlySet<string> EventTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER",
    };

    public static readonly IReadOnlySet<string> TransformationTypes = new HashSet<string>(StringComparer.Ordinal) { "DIRECT", "INDIRECT" };

    public static string EventTypeFor(RunState state) => state switch
    {
        RunState.Complete => "COMPLETE",
        RunState.Fail => "FAIL",
        RunState.Abort => "ABORT",
        _ => "RUNNING",
    };

    public static RunState? StateFor(string eventType) => eventType switch
    {
        "START" or "RUNNING" => RunState.Running,
        "COMPLETE" => RunState.Complete,
        "FAIL" => RunState.Fail,
        "ABORT" => RunState.Abort,
        _ => null,
    };
}
