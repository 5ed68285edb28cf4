using Dapper;
using Npgsql;
using Workbench.Core.Text;
using Workbench.Core.Lineage;

namespace Workbench.Storage.Lineage;

/// <summary>Reads the lineage graph: search, walks upstream and downstream, a node's details, impact.</summary>
public sealed class LineageQueries(NpgsqlDataSource dataSource)
{
    private const string NodeColumns = "n.id, n.kind, n.namespace, n.qualified_name as QualifiedName, n.display_name as DisplayName, n.parent_id as ParentId, n.properties::text as Properties";

    /// <summary>
    /// Steps from the start nodes along flow edges, backwards (upstream) or forwards (downstream). <c>union</c>
    /// keeps each (node, depth) pair once and the depth is bounded, so a cycle ends the walk instead of hanging it.
    /// </summary>
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
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var pattern = "%" + EscapeLike((term ?? "").Trim().ToLowerInvariant()) + "%";
        var rows = await connection.QueryAsync<LineageNode>(new CommandDefinition($"""
            select {NodeColumns} from lineage_node n
            where lower(n.qualified_name) like @Pattern or lower(n.display_name) like @Pattern
            order by case n.kind when 'column' then 0 when 'field' then 1 when 'table' then 2 when 'dataset' then 3 else 4 end,
                     length(n.qualified_name), n.qualified_name
            limit @Limit
            """, new { Pattern = pattern, Limit = Math.Clamp(limit, 1, 200) }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<LineageNode?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<LineageNode>(new CommandDefinition(
            $"select {NodeColumns} from lineage_node n where n.id = @Id", new { Id = id }, cancellationToken: cancellationToken));
    }

    public async Task<int> CountNodesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("select count(*) from lineage_node", cancellationToken: cancellationToken));
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
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var root = await connection.QuerySingleOrDefaultAsync<LineageNode>(new CommandDefinition(
            $"select {NodeColumns} from lineage_node n where n.id = @Id", new { Id = id }, cancellationToken: cancellationToken));
        if (root is null)
            return null;

        var starts = await StartsAsync(connection, root, level, cancellationToken);
        var kinds = level == LineageLevel.Column ? new[] { LineageEdgeKind.Maps } : [LineageEdgeKind.Input, LineageEdgeKind.Output];
        var reached = new Dictionary<long, ReachedNode>();
        foreach (var (sql, walkDepth, sign) in new[] { (WalkUpstream, upstreamDepth, -1), (WalkDownstream, downstreamDepth, 1) })
        {
            if (walkDepth <= 0)
                continue;
            var rows = await connection.QueryAsync<LineageNode, int, ReachedNode>(
                new CommandDefinition(sql, new { Starts = starts, Depth = LineageGraph.ClampDepth(walkDepth), Kinds = kinds }, cancellationToken: cancellationToken),
                (node, d) => new ReachedNode(node, d * sign),
                splitOn: "depth");
            foreach (var row in rows)
                if (!reached.TryGetValue(row.Node.Id, out var seen) || Math.Abs(row.Depth) < Math.Abs(seen.Depth))
                    reached[row.Node.Id] = row;
        }
        if (reached.Count == 0)
            foreach (var start in await NodesAsync(connection, starts, cancellationToken))
                reached[start.Id] = new ReachedNode(start, 0);

        var ids = reached.Keys.ToArray();
        var edges = await connection.QueryAsync<LineageEdge>(new CommandDefinition("""
            select id, from_node as FromNode, to_node as ToNode, kind, transform, transform_type as TransformType, version_key as VersionKey
            from lineage_edge
            where from_node = any(@Ids) and to_node = any(@Ids) and kind = any(@Kinds) and not superseded
            """, new { Ids = ids, Kinds = kinds }, cancellationToken: cancellationToken));
        var parentIds = reached.Values.Select(r => r.Node.ParentId).OfType<long>().Where(p => !reached.ContainsKey(p)).Distinct().ToArray();
        var containers = level == LineageLevel.Column ? await NodesAsync(connection, parentIds, cancellationToken) : [];
        return new LineageGraph(root.Id, reached.Values.ToList(), edges.AsList()) { Containers = containers };
    }

    private static async Task<long[]> StartsAsync(NpgsqlConnection connection, LineageNode root, LineageLevel level, CancellationToken cancellationToken)
    {
        var columnLevel = LineageNodeKind.IsColumnLevel(root.Kind);
        if (level == LineageLevel.Dataset && columnLevel && root.ParentId is { } parent)
            return [parent];
        if (level == LineageLevel.Column && !columnLevel)
        {
            var children = await connection.QueryAsync<long>(new CommandDefinition(
                "select id from lineage_node where parent_id = @Id and kind in ('field', 'column')", new { Id = root.Id }, cancellationToken: cancellationToken));
            var list = children.ToArray();
            if (list.Length > 0)
                return list;
        }
        return [root.Id];
    }

    private static async Task<IReadOnlyList<LineageNode>> NodesAsync(NpgsqlConnection connection, long[] ids, CancellationToken cancellationToken)
    {
        if (ids.Length == 0)
            return [];
        var rows = await connection.QueryAsync<LineageNode>(new CommandDefinition(
            $"select {NodeColumns} from lineage_node n where n.id = any(@Ids)", new { Ids = ids }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    internal static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
