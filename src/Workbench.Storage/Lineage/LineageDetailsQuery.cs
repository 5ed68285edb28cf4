using Dapper;
using Npgsql;
using Workbench.Core.Lineage;

namespace Workbench.Storage.Lineage;

/// <summary>The details panel and impact analysis of the lineage page.</summary>
public sealed class LineageDetailsQuery(NpgsqlDataSource dataSource, LineageQueries queries)
{
    private const string NodeColumns = "n.id, n.kind, n.namespace, n.qualified_name as QualifiedName, n.display_name as DisplayName, n.parent_id as ParentId, n.properties::text as Properties";

    public async Task<LineageNodeDetails?> DetailsAsync(long id, CancellationToken cancellationToken = default)
    {
        var node = await queries.FindAsync(id, cancellationToken);
        if (node is null)
            return null;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var parent = node.ParentId is { } parentId ? await queries.FindAsync(parentId, cancellationToken) : null;
        var children = await connection.QueryAsync<LineageNode>(new CommandDefinition(
            $"select {NodeColumns} from lineage_node n where n.parent_id = @Id order by n.display_name limit 500", new { Id = id }, cancellationToken: cancellationToken));

        // The node, its children and (for a field or column) its dataset: approvals and runs touching any of them.
        var scope = new[] { id }.Concat(node.ParentId is { } p ? [p] : []).ToArray();
        var viewVersions = await connection.QueryAsync<LineageNode>(new CommandDefinition($"""
            with scope as (
                select unnest(@Scope) as id
                union select id from lineage_node where parent_id = @Id
            )
            select distinct {NodeColumns} from lineage_node n
            where n.kind = 'view_version' and exists (
                select 1 from lineage_edge e
                where (e.from_node in (select id from scope) or e.to_node in (select id from scope))
                  and (e.view_version_id = n.id or e.from_node = n.id or e.to_node = n.id))
            order by n.qualified_name desc
            limit 20
            """, new { Scope = scope, Id = id }, cancellationToken: cancellationToken));
        var runs = await connection.QueryAsync<LineageRunSummary>(new CommandDefinition("""
            select r.run_id as RunId, r.job_namespace as JobNamespace, r.job_name as JobName, r.state, r.started_at as StartedAt,
                   r.ended_at as EndedAt, r.error_message as ErrorMessage
            from lineage_run r
            where r.node_id = any(@Scope) or exists (
                select 1 from lineage_edge e
                where e.kind in ('input', 'output')
                  and ((e.from_node = any(@Scope) and e.to_node = r.node_id) or (e.to_node = any(@Scope) and e.from_node = r.node_id)))
            order by r.started_at desc
            limit 10
            """, new { Scope = scope }, cancellationToken: cancellationToken));
        return new LineageNodeDetails(node, parent, children.AsList(), viewVersions.AsList(), runs.AsList());
    }

    /// <summary>Everything downstream of a column within <paramref name="depth"/> steps, with who approved the edge that reaches it.</summary>
    public async Task<IReadOnlyList<ImpactItem>?> ImpactAsync(long id, int depth, CancellationToken cancellationToken = default)
    {
        var graph = await queries.WalkAsync(id, LineageDirection.Downstream, depth, LineageLevel.Column, cancellationToken);
        if (graph is null)
            return null;
        var byId = graph.Nodes.ToDictionary(n => n.Node.Id);
        var edgeIds = graph.Edges.Select(e => e.Id).ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var approvals = (await connection.QueryAsync<(long EdgeId, string? View, string? ApprovedBy)>(new CommandDefinition("""
            select e.id, v.display_name, v.properties ->> 'approvedBy'
            from lineage_edge e left join lineage_node v on v.id = e.view_version_id
            where e.id = any(@Ids)
            """, new { Ids = edgeIds }, cancellationToken: cancellationToken))).ToDictionary(a => a.EdgeId);

        return graph.Edges
            .Where(e => byId.TryGetValue(e.ToNode, out var to) && to.Depth > 0 && byId.ContainsKey(e.FromNode))
            .Select(e =>
            {
                var to = byId[e.ToNode];
                approvals.TryGetValue(e.Id, out var approval);
                return new ImpactItem(
                    to.Node.Id, to.Node.Kind, to.Node.QualifiedName, to.Depth, byId[e.FromNode].Node.QualifiedName,
                    e.Transform, approval.View, approval.ApprovedBy);
            })
            .OrderBy(i => i.Depth).ThenBy(i => i.QualifiedName).ThenBy(i => i.ViaQualifiedName)
            .ToList();
    }
}
