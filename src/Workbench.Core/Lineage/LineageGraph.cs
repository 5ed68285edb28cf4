namespace Workbench.Core.Lineage;

public sealed record LineageNode(
    long Id,
    string Kind,
    string Namespace,
    string QualifiedName,
    string DisplayName,
    long? ParentId,
    string Properties);

public sealed record LineageEdge(
    long Id,
    long FromNode,
    long ToNode,
    string Kind,
    string? Transform,
    string TransformType,
    string VersionKey);

/// <summary>A node with how many steps away from where the walk started it was first reached.</summary>
public sealed record ReachedNode(LineageNode Node, int Depth);

/// <summary>The neighbourhood of a node: what a walk reached and the edges between those nodes.</summary>
/// <remarks>
/// Depth is negative upstream, positive downstream. <see cref="Containers"/> are the datasets and tables the
/// reached fields and columns belong to, for drawing them grouped.
/// </remarks>
public sealed record LineageGraph(long RootId, IReadOnlyList<ReachedNode> Nodes, IReadOnlyList<LineageEdge> Edges)
{
    public IReadOnlyList<LineageNode> Containers { get; init; } = [];

    /// <summary>Walks stop at this depth whatever is asked, so a request cannot make the store enumerate the world.</summary>
    public const int MaxDepth = 25;

    public static int ClampDepth(int depth) => Math.Clamp(depth, 1, MaxDepth);
}
