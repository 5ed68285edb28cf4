using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Workbench.Core.Lineage;
using Workbench.Core.Text;
using Workbench.Storage.Store;
using Workbench.Application.Lineage;
using Workbench.Storage.Lineage;

namespace Workbench.Application.Lineage;

/// <summary>Reads the lineage graph: search, walks upstream and downstream, a node's details, impact.</summary>
public sealed class LineageQueries(IDbContextFactory<WorkbenchDbContext> contexts)
{
    private const string NodeColumns = "n.id, n.kind, n.namespace, n.qualified_name, n.display_name, n.parent_id, n.properties::text";

    public LineageQueries(NpgsqlDataSource dataSource)
        : this(new DataSourceContextFactory(dataSource))
    {
    }

    /// <summary>
    /// Steps from the start nodes along flow edges, backwards (upstream) or forwards (downstream). <c>union</c>
    /// keeps each (node, depth) pair once and the depth is bounded, so a cycle ends the walk instead of hanging it.
    /// </summary>
    /// <remarks>Raw Npgsql: a recursive CTE, which LINQ cannot express.</remarks>
    private const string Walk = $"""
        with recursive walk(id, depth) as (
            select unnest(@Starts), 0
          union
            select @@STEP@@, w.depth + 1
            from walk w
            join lineage_edge e on @@JOIN@@ = w.id
            where w.depth < @Depth and e.kind = any(@Kinds) and not e.superseded
        )
        select {NodeColumns}, min(w.depth) as depth
        from walk w join lineage_node n on n.id = w.id
        group by n.id
        order by min(w.depth), n.qualified_name
        """;

    private static readonly string WalkUpstream = Walk.Replace("@@STEP@@", "e.from_node").Replace("@@JOIN@@", "e.to_node");
    private static readonly string WalkDownstream = Walk.Replace("@@STEP@@", "e.to_node").Replace("@@JOIN@@", "e.from_node");

    public async Task<IReadOnlyList<LineageNode>> SearchAsync(string? term, int limit = 20, CancellationToken cancellationToken = default)
    {
        UserText.Check(term, "The search");
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var pattern = "%" + EscapeLike((term ?? "").Trim().ToLowerInvariant()) + "%";
        return await db.LineageNodes.AsNoTracking()
#pragma warning disable CA1304, CA1311, CA1862 // EF Core translates ToLower() to SQL lower(): the comparison runs in the database, as its lower(name) indexes do
            .Where(n => EF.Functions.Like(n.QualifiedName.ToLower(), pattern, @"\") || EF.Functions.Like(n.DisplayName.ToLower(), pattern, @"\"))
#pragma warning restore CA1304, CA1311, CA1862
            .OrderBy(n => n.Kind == LineageNodeKind.Column ? 0 : n.Kind == LineageNodeKind.Field ? 1 : n.Kind == LineageNodeKind.Table ? 2 : n.Kind == LineageNodeKind.Dataset ? 3 : 4)
            .ThenBy(n => n.QualifiedName.Length)
            .ThenBy(n => n.QualifiedName)
            .Take(Math.Clamp(limit, 1, 200))
            .Select(AsNode)
            .ToListAsync(cancellationToken);
    }

    public async Task<LineageNode?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await FindAsync(db, id, cancellationToken);
    }

    public async Task<int> CountNodesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.LineageNodes.CountAsync(cancellationToken);
    }

    /// <summary>
    /// The nodes within <paramref name="depth"/> steps of <paramref name="id"/> in one direction, and the edges between them.
    /// At dataset level a field or column starts from its dataset; at column level a dataset starts from its fields.
    /// </summary>
    public async Task<LineageGraph?> WalkAsync(long id, LineageDirection direction, int depth, LineageLevel level, CancellationToken cancellationToken = default) =>
        await NeighbourhoodAsync(id, direction == LineageDirection.Upstream ? depth : 0, direction == LineageDirection.Downstream ? depth : 0, level, cancellationToken);

    /// <summary>Upstream and downstream at once (a depth of 0 skips that side), as the lineage page draws it.</summary>
    public async Task<LineageGraph?> NeighbourhoodAsync(long id, int upstreamDepth, int downstreamDepth, LineageLevel level, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var root = await FindAsync(db, id, cancellationToken);
        if (root is null)
            return null;

        var starts = await StartsAsync(db, root, level, cancellationToken);
        var kinds = level == LineageLevel.Column ? new[] { LineageEdgeKind.Maps } : [LineageEdgeKind.Input, LineageEdgeKind.Output];
        var reached = new Dictionary<long, ReachedNode>();
        foreach (var (sql, walkDepth, sign) in new[] { (WalkUpstream, upstreamDepth, -1), (WalkDownstream, downstreamDepth, 1) })
        {
            if (walkDepth <= 0)
                continue;
            foreach (var row in await WalkAsync(db, sql, starts, LineageGraph.ClampDepth(walkDepth), kinds, sign, cancellationToken))
                if (!reached.TryGetValue(row.Node.Id, out var seen) || Math.Abs(row.Depth) < Math.Abs(seen.Depth))
                    reached[row.Node.Id] = row;
        }
        if (reached.Count == 0)
            foreach (var start in await NodesAsync(db, starts, cancellationToken))
                reached[start.Id] = new ReachedNode(start, 0);

        var ids = reached.Keys.ToArray();
        var edges = await db.LineageEdges.AsNoTracking()
            .Where(e => ids.Contains(e.FromNode) && ids.Contains(e.ToNode) && kinds.Contains(e.Kind) && !e.Superseded)
            .Select(e => new LineageEdge(e.Id, e.FromNode, e.ToNode, e.Kind, e.Transform, e.TransformType, e.VersionKey))
            .ToListAsync(cancellationToken);
        var parentIds = reached.Values.Select(r => r.Node.ParentId).OfType<long>().Where(p => !reached.ContainsKey(p)).Distinct().ToArray();
        var containers = level == LineageLevel.Column ? await NodesAsync(db, parentIds, cancellationToken) : [];
        return new LineageGraph(root.Id, reached.Values.ToList(), edges) { Containers = containers };
    }

    /// <summary>A node as the graph shows it.</summary>
    internal static readonly System.Linq.Expressions.Expression<Func<LineageNodeEntity, LineageNode>> AsNode =
        n => new LineageNode(n.Id, n.Kind, n.Namespace, n.QualifiedName, n.DisplayName, n.ParentId, n.Properties);

    private static Task<LineageNode?> FindAsync(WorkbenchDbContext db, long id, CancellationToken cancellationToken) =>
        db.LineageNodes.AsNoTracking().Where(n => n.Id == id).Select(AsNode).SingleOrDefaultAsync(cancellationToken);

    /// <summary>One recursive walk on the context's open connection.</summary>
    private static async Task<IReadOnlyList<ReachedNode>> WalkAsync(
        WorkbenchDbContext db, string sql, long[] starts, int depth, string[] kinds, int sign, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection());
        command.Parameters.AddWithValue("Starts", NpgsqlDbType.Array | NpgsqlDbType.Bigint, starts);
        command.Parameters.AddWithValue("Depth", depth);
        command.Parameters.AddWithValue("Kinds", NpgsqlDbType.Array | NpgsqlDbType.Text, kinds);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ReachedNode>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var node = new LineageNode(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.GetString(6));
            rows.Add(new ReachedNode(node, reader.GetInt32(7) * sign));
        }
        return rows;
    }

    private static async Task<long[]> StartsAsync(WorkbenchDbContext db, LineageNode root, LineageLevel level, CancellationToken cancellationToken)
    {
        var columnLevel = LineageNodeKind.IsColumnLevel(root.Kind);
        if (level == LineageLevel.Dataset && columnLevel && root.ParentId is { } parent)
            return [parent];
        if (level == LineageLevel.Column && !columnLevel)
        {
            var children = await db.LineageNodes.AsNoTracking()
                .Where(n => n.ParentId == root.Id && (n.Kind == LineageNodeKind.Field || n.Kind == LineageNodeKind.Column))
                .Select(n => n.Id)
                .ToArrayAsync(cancellationToken);
            if (children.Length > 0)
                return children;
        }
        return [root.Id];
    }

    private static async Task<IReadOnlyList<LineageNode>> NodesAsync(WorkbenchDbContext db, long[] ids, CancellationToken cancellationToken)
    {
        if (ids.Length == 0)
            return [];
        return await db.LineageNodes.AsNoTracking().Where(n => ids.Contains(n.Id)).Select(AsNode).ToListAsync(cancellationToken);
    }

    internal static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
