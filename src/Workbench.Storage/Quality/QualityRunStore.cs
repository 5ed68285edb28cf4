using System.Text.Json;
using Dapper;
using Npgsql;
using NpgsqlTypes;
using Workbench.Engine.Quality.Model;

namespace Workbench.Storage.Quality;

/// <summary>Quality runs and their issue samples in the store (0007_quality.sql).</summary>
public sealed class QualityRunStore(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        id, view_id as ViewId, view_version as ViewVersion, fingerprint, status, engine, summary::text as Summary, error,
        rows_scanned as RowsScanned, actor, started_at as StartedAt, finished_at as FinishedAt
        """;

    /// <summary>The newest succeeded run for exactly this view version and source state, if any.</summary>
    public async Task<QualityRunRecord?> FindCachedAsync(Guid viewId, int viewVersion, string fingerprint, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"""
            select {Columns} from quality_run
            where view_id = @viewId and view_version = @viewVersion and fingerprint = @fingerprint and status = 'succeeded'
            order by finished_at desc limit 1
            """, new { viewId, viewVersion, fingerprint }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    /// <summary>The newest succeeded run of the view before the given one: what a re-run is compared with.</summary>
    public async Task<QualityRunRecord?> PreviousAsync(Guid viewId, long beforeRunId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"""
            select {Columns} from quality_run
            where view_id = @viewId and id < @beforeRunId and status = 'succeeded'
            order by id desc limit 1
            """, new { viewId, beforeRunId }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    /// <summary>The newest runs of every view, newest first.</summary>
    public async Task<IReadOnlyList<QualityRunRecord>> RecentAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"select {Columns} from quality_run order by id desc limit @limit", new { limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<QualityRunRecord?> GetAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"select {Columns} from quality_run where id = @runId", new { runId }, cancellationToken: cancellationToken));
        return row?.ToRecord();
    }

    public async Task<long> StartAsync(Guid viewId, int viewVersion, IReadOnlyDictionary<string, string> sourceFingerprints, string actor, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into quality_run (view_id, view_version, fingerprint, source_fingerprints, actor)
            values (@viewId, @viewVersion, @fingerprint, @sources::jsonb, @actor) returning id
            """, new
        {
            viewId,
            viewVersion,
            fingerprint = SourceFingerprints.Combine(sourceFingerprints),
            sources = JsonSerializer.Serialize(sourceFingerprints),
            actor,
        }, cancellationToken: cancellationToken));
    }

    /// <summary>Stores the summary and the issue sample together: a run is succeeded with its sample, or not at all.</summary>
    public async Task CompleteAsync(long runId, QualityReport report, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var import = await connection.BeginBinaryImportAsync(
            "copy quality_issue_sample (run_id, ordinal, key, kind, field, detail, presence, \"values\") from stdin (format binary)", cancellationToken))
        {
            var ordinal = 0;
            foreach (var issue in report.Issues)
            {
                await import.StartRowAsync(cancellationToken);
                await import.WriteAsync(runId, NpgsqlDbType.Bigint, cancellationToken);
                await import.WriteAsync(ordinal++, NpgsqlDbType.Integer, cancellationToken);
                await import.WriteAsync(issue.Key, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(issue.Kind, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(issue.Field, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(issue.Detail, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(issue.Presence, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(JsonSerializer.Serialize(issue.Values, QualityReport.Json), NpgsqlDbType.Jsonb, cancellationToken);
            }
            await import.CompleteAsync(cancellationToken);
        }
        await connection.ExecuteAsync(new CommandDefinition("""
            update quality_run set status = 'succeeded', engine = @Engine, summary = @summary::jsonb, rows_scanned = @rows, finished_at = now()
            where id = @runId and status = 'running'
            """, new
        {
            runId,
            report.Engine,
            summary = (report with { Issues = [] }).ToJson(),
            rows = report.RowsScanned.Values.Sum(),
        }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Marks a run failed or cancelled; it keeps no summary and no sample, so the cache never serves it.</summary>
    public async Task FailAsync(long runId, string? error, bool cancelled)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            update quality_run set status = @status, error = @error, finished_at = now() where id = @runId and status = 'running'
            """, new { runId, status = cancelled ? QualityRunStatus.Cancelled : QualityRunStatus.Failed, error = cancelled ? null : error ?? "failed" });
    }

    public async Task<IReadOnlyList<IssueRow>> IssuesAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Key, string Kind, string? Field, string? Detail, string Presence, string Values)>(new CommandDefinition("""
            select key, kind, field, detail, presence, "values"::text from quality_issue_sample where run_id = @runId order by ordinal
            """, new { runId }, cancellationToken: cancellationToken));
        return rows.Select(r => new IssueRow(r.Key, r.Kind, r.Field, r.Detail, r.Presence,
            JsonSerializer.Deserialize<Dictionary<string, string?>>(r.Values, QualityReport.Json) ?? [])).ToList();
    }

    private sealed record Row(
        long Id, Guid ViewId, int ViewVersion, string Fingerprint, string Status, string? Engine, string? Summary, string? Error,
        long RowsScanned, string Actor, DateTime StartedAt, DateTime? FinishedAt)
    {
        public QualityRunRecord ToRecord() => new(Id, ViewId, ViewVersion, Fingerprint, Status, Engine,
            Summary is null ? null : QualityReport.FromJson(Summary), Error, RowsScanned, Actor,
            new DateTimeOffset(StartedAt, TimeSpan.Zero), FinishedAt is null ? null : new DateTimeOffset(FinishedAt.Value, TimeSpan.Zero));
    }
}
