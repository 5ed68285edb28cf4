namespace Workbench.Core.Lineage;

/// <summary>What the lineage page shows about one node: its schema, the approvals that touch it, its last runs.</summary>
public sealed record LineageNodeDetails(
    LineageNode Node,
    LineageNode? Parent,
    IReadOnlyList<LineageNode> Children,
    IReadOnlyList<LineageNode> ViewVersions,
    IReadOnlyList<LineageRunSummary> Runs);

public sealed record LineageRunSummary(Guid RunId, string JobNamespace, string JobName, string State, DateTime StartedAt, DateTime? EndedAt, string? ErrorMessage);

/// <summary>
/// Something downstream of a column that would change with it: the edge that reaches it, the view version
/// that made that edge and who approved it.
/// </summary>
public sealed record ImpactItem(
    long NodeId,
    string Kind,
    string QualifiedName,
    int Depth,
    string ViaQualifiedName,
    string? Transform,
    string? ViewVersion,
    string? ApprovedBy);
