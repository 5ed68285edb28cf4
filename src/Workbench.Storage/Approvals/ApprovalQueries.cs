using Dapper;
using Npgsql;

namespace Workbench.Storage.Approvals;

/// <summary>What waits for a decision and what was decided: reads of <c>view_version</c> and <c>view_review</c>.</summary>
public sealed class ApprovalQueries(NpgsqlDataSource dataSource)
{
    /// <summary>Submitted versions, oldest submission first (the one waiting longest leads).</summary>
    public async Task<IReadOnlyList<PendingApproval>> PendingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<PendingRow>(new CommandDefinition("""
            select v.view_id as ViewId, d.name as ViewName, v.version as Version, v.author as Author,
                   r.occurred_at as SubmittedAt, r.actor as SubmittedBy, r.comment as Comment, r.quality_run_id as QualityRunId
            from view_version v
            join view_definition d on d.id = v.view_id
            join lateral (
                select occurred_at, actor, comment, quality_run_id from view_review
                where view_id = v.view_id and version = v.version and action = 'submit'
                order by id desc limit 1) r on true
            where v.status = 'submitted'
            order by r.occurred_at, d.name
            """, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<int> PendingCountAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "select count(*)::int from view_version where status = 'submitted'", cancellationToken: cancellationToken));
    }

    /// <summary>The newest review actions, of every view or of one.</summary>
    public async Task<IReadOnlyList<ReviewRecord>> HistoryAsync(int limit, Guid? viewId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReviewRow>(new CommandDefinition("""
            select r.id as Id, r.view_id as ViewId, d.name as ViewName, r.version as Version, r.action as Action, r.actor as Actor,
                   r.occurred_at as OccurredAt, r.comment as Comment, r.quality_run_id as QualityRunId
            from view_review r join view_definition d on d.id = r.view_id
            where @viewId::uuid is null or r.view_id = @viewId
            order by r.id desc limit @limit
            """, new { viewId, limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    private sealed record PendingRow(
        Guid ViewId, string ViewName, int Version, string Author, DateTime SubmittedAt, string SubmittedBy, string? Comment, long? QualityRunId)
    {
        public PendingApproval ToRecord() =>
            new(ViewId, ViewName, Version, Author, new DateTimeOffset(SubmittedAt, TimeSpan.Zero), SubmittedBy, Comment, QualityRunId);
    }

    private sealed record ReviewRow(
        long Id, Guid ViewId, string ViewName, int Version, string Action, string Actor, DateTime OccurredAt, string? Comment, long? QualityRunId)
    {
        public ReviewRecord ToRecord() =>
            new(Id, ViewId, ViewName, Version, Action, Actor, new DateTimeOffset(OccurredAt, TimeSpan.Zero), Comment, QualityRunId);
    }
}
