using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workbench.Core.Lineage;
using Workbench.Storage.Store;

namespace Workbench.Application.Lineage;

/// <summary>The details panel and impact analysis of the lineage page.</summary>
public sealed class LineageDetailsQuery(IDbContextFactory<WorkbenchDbContext> contexts, LineageQueries queries)
{
    public async Task<LineageNodeDetails?> DetailsAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var node = await db.LineageNodes.AsNoTracking().Where(n => n.Id == id).Select(LineageQueries.AsNode).SingleOrDefaultAsync(cancellationToken);
        if (node is null)
            return null;
        var parent = node.ParentId is { } parentId
            ? await db.LineageNodes.AsNoTracking().Where(n => n.Id == parentId).Select(LineageQueries.AsNode).SingleOrDefaultAsync(cancellationToken)
            : null;
        var children = await db.LineageNodes.AsNoTracking()
            .Where(n => n.ParentId == id)
            .OrderBy(n => n.DisplayName)
            .Take(500)
            .Select(LineageQueries.AsNode)
            .ToListAsync(cancellationToken);

        // The node, its children and (for a field or column) its dataset: approvals and runs touching any of them.
        var scope = new[] { id }.Concat(node.ParentId is { } p ? [p] : []).ToArray();
        var inScope = db.LineageNodes.Where(n => scope.Contains(n.Id) || n.ParentId == id).Select(n => n.Id);
        var viewVersions = await db.LineageNodes.AsNoTracking()
            .Where(v => v.Kind == LineageNodeKind.ViewVersion && db.LineageEdges.Any(e =>
                (inScope.Contains(e.FromNode) || inScope.Contains(e.ToNode))
                && (e.ViewVersionId == v.Id || e.FromNode == v.Id || e.ToNode == v.Id)))
            .OrderByDescending(v => v.QualifiedName)
            .Take(20)
            .Select(LineageQueries.AsNode)
            .ToListAsync(cancellationToken);
        var runs = await db.LineageRuns.AsNoTracking()
            .Where(r => scope.Contains(r.NodeId) || db.LineageEdges.Any(e =>
                (e.Kind == LineageEdgeKind.Input || e.Kind == LineageEdgeKind.Output)
                && ((scope.Contains(e.FromNode) && e.ToNode == r.NodeId) || (scope.Contains(e.ToNode) && e.FromNode == r.NodeId))))
            .OrderByDescending(r => r.StartedAt)
            .Take(10)
            .Select(r => new LineageRunSummary(r.RunId, r.JobNamespace, r.JobName, r.State, r.StartedAt, r.EndedAt, r.ErrorMessage))
            .ToListAsync(cancellationToken);
        return new LineageNodeDetails(node, parent, children, viewVersions, runs);
    }

    /// <summary>Everything downstream of a column within <paramref name="depth"/> steps, with who approved the edge that reaches it.</summary>
    public async Task<IReadOnlyList<ImpactItem>?> ImpactAsync(long id, int depth, CancellationToken cancellationToken = default)
    {
        var graph = await queries.WalkAsync(id, LineageDirection.Downstream, depth, LineageLevel.Column, cancellationToken);
        if (graph is null)
            return null;
        var byId = graph.Nodes.ToDictionary(n => n.Node.Id);
        var edgeIds = graph.Edges.Select(e => e.Id).ToArray();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var approvals = await (
                from e in db.LineageEdges.AsNoTracking()
                where edgeIds.Contains(e.Id)
                from v in db.LineageNodes.Where(v => v.Id == e.ViewVersionId).DefaultIfEmpty()
                select new { EdgeId = e.Id, View = v == null ? null : v.DisplayName, ApprovedBy = v == null ? null : v.Properties })
            .ToDictionaryAsync(a => a.EdgeId, cancellationToken);

        return graph.Edges
            .Where(e => byId.TryGetValue(e.ToNode, out var to) && to.Depth > 0 && byId.ContainsKey(e.FromNode))
            .Select(e =>
            {
                var to = byId[e.ToNode];
                approvals.TryGetValue(e.Id, out var approval);
                return new ImpactItem(
                    to.Node.Id, to.Node.Kind, to.Node.QualifiedName, to.Depth, byId[e.FromNode].Node.QualifiedName,
                    e.Transform, approval?.View, ApprovedBy(approval?.ApprovedBy));
            })
            .OrderBy(i => i.Depth).ThenBy(i => i.QualifiedName).ThenBy(i => i.ViaQualifiedName)
            .ToList();
    }

    /// <summary>The approver kept in a view version's properties (what <c>properties ->> 'approvedBy'</c> gives).</summary>
    private static string? ApprovedBy(string? properties)
    {
        if (properties is null)
            return null;
        using var json = JsonDocument.Parse(properties);
        return json.RootElement.TryGetProperty("approvedBy", out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => value.GetRawText(),
        } : null;
    }
}
