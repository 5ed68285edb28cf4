using Workbench.Core.Mapping;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Workbench.Application.Mapping;
using Workbench.Storage.Store;

namespace Workbench.Application.Approvals;

/// <summary>What waits for a decision and what was decided: reads of <c>view_version</c> and <c>view_review</c>.</summary>
public sealed class ApprovalQueries(NpgsqlDataSource dataSource)
{
    private readonly DataSourceContextFactory _contexts = new(dataSource);

    /// <summary>Submitted versions of live views (a dissolved view's wait until it is restored), oldest submission first (the one waiting longest leads).</summary>
    public async Task<IReadOnlyList<PendingApproval>> PendingAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        // One query: the newest submit review of each submitted version is joined laterally.
        var rows = await (
            from v in db.ViewVersions.AsNoTracking()
            where v.Status == VersionStatus.Submitted
            join d in db.ViewDefinitions on v.ViewId equals d.Id
            where d.DissolvedAt == null
            from r in db.ViewReviews
                .Where(r => r.ViewId == v.ViewId && r.Version == v.Version && r.Action == ReviewAction.Submit)
                .OrderByDescending(r => r.Id)
                .Take(1)
            orderby r.OccurredAt, d.Name
            select new { v.ViewId, ViewName = d.Name, v.Version, v.Author, r.OccurredAt, r.Actor, r.Comment, r.QualityRunId })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new PendingApproval(r.ViewId, r.ViewName, r.Version, r.Author, new DateTimeOffset(r.OccurredAt, TimeSpan.Zero),
            r.Actor, r.Comment, r.QualityRunId)).ToList();
    }

    public async Task<int> PendingCountAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.ViewVersions.CountAsync(v => v.Status == VersionStatus.Submitted
            && db.ViewDefinitions.Any(d => d.Id == v.ViewId && d.DissolvedAt == null), cancellationToken);
    }

    /// <summary>The newest review actions, of every view or of one.</summary>
    public async Task<IReadOnlyList<ReviewRecord>> HistoryAsync(int limit, Guid? viewId = null, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var reviews = db.ViewReviews.AsNoTracking();
        if (viewId is { } one)
            reviews = reviews.Where(r => r.ViewId == one);
        var rows = await (
            from r in reviews
            join d in db.ViewDefinitions on r.ViewId equals d.Id
            orderby r.Id descending
            select new { r.Id, r.ViewId, ViewName = d.Name, r.Version, r.Action, r.Actor, r.OccurredAt, r.Comment, r.QualityRunId })
            .Take(limit)
            .ToListAsync(cancellationToken);
        return rows.Select(r => new ReviewRecord(r.Id, r.ViewId, r.ViewName, r.Version, r.Action, r.Actor, new DateTimeOffset(r.OccurredAt, TimeSpan.Zero),
            r.Comment, r.QualityRunId)).ToList();
    }
}
