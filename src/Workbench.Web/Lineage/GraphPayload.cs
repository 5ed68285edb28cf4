using Workbench.Core.Lineage;

namespace Workbench.Web.Lineage;

/// <summary>What the lineage page hands to its drawing module (wwwroot/js/lineage-graph.js).</summary>
public sealed record GraphPayload(long RootId, IReadOnlyList<GraphPayload.Node> Nodes, IReadOnlyList<GraphPayload.Edge> Edges, IReadOnlyList<GraphPayload.Container> Containers)
{
    /// <summary>
    /// Above this many nodes the drawing places nodes itself, heads each dataset instead of boxing it and leaves
    /// transforms off the edges: laid out and boxed, a neighbourhood of thousands takes seconds to draw.
    /// </summary>
    public const int LargeAbove = 300;

    /// <summary>
    /// Up to this many nodes a deep link's neighbourhood is written into the prerendered page and drawn before the
    /// circuit is up (about 300 bytes a node); a larger one would make the page itself slow to arrive.
    /// </summary>
    public const int EarlyAtMost = 5_000;

    /// <summary>Drawn in the large form (see <see cref="LargeAbove"/>).</summary>
    public bool Large => IsLarge(Nodes.Count);

    public static bool IsLarge(int nodes) => nodes > LargeAbove;

    public sealed record Node(long Id, string Label, string Kind, int Depth, long? Parent);

    public sealed record Edge(long Id, long Source, long Target, string? Label, bool Indirect);

    public sealed record Container(long Id, string Label, string Kind);

    public static GraphPayload From(LineageGraph graph)
    {
        var containerIds = graph.Containers.Select(c => c.Id).ToHashSet();
        return new GraphPayload(
            graph.RootId,
            graph.Nodes.Select(n => new Node(
                n.Node.Id, LabelOf(n.Node), n.Node.Kind, n.Depth,
                n.Node.ParentId is { } parent && containerIds.Contains(parent) ? parent : null)).ToList(),
            graph.Edges.Select(e => new Edge(e.Id, e.FromNode, e.ToNode, e.Transform, e.TransformType == "INDIRECT")).ToList(),
            graph.Containers.Select(c => new Container(c.Id, c.QualifiedName, c.Kind)).ToList());
    }

    /// <summary>
    /// Fields and columns sit inside their dataset in the drawing, so their own name is enough. A version of a
    /// dissolved view says so: it stays in the lineage, walks pass through it.
    /// </summary>
    public static string LabelOf(LineageNode node) =>
        LineageNodeKind.IsColumnLevel(node.Kind) || node.Kind is LineageNodeKind.JobRun ? node.DisplayName
        : node.Kind is LineageNodeKind.ViewVersion ? node.DisplayName + (IsDissolved(node) ? " (dissolved)" : "")
        : node.QualifiedName;

    /// <summary>Whether the node is a version of a dissolved view (the <c>dissolved</c> property dissolving writes).</summary>
    public static bool IsDissolved(LineageNode node)
    {
        if (node.Kind != LineageNodeKind.ViewVersion || !node.Properties.Contains("\"dissolved\"", StringComparison.Ordinal))
            return false;
        using var document = System.Text.Json.JsonDocument.Parse(node.Properties);
        return document.RootElement.TryGetProperty("dissolved", out var dissolved) && dissolved.ValueKind == System.Text.Json.JsonValueKind.True;
    }
}
