using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Workbench.Engine.Quality.Model;
using Workbench.Storage.Store;
using Workbench.Application.Quality;
using Workbench.Storage.Quality;

namespace Workbench.Application.Quality;

/// <summary>Quality runs and their issue samples in the store (0007_quality.sql).</summary>
public sealed class QualityRunStore(IDbContextFactory<WorkbenchDbContext> contexts)
{
    public QualityRunStore(NpgsqlDataSource dataSource)
        : this(new DataSourceContextFactory(dataSource))
    {
    }

    /// <summary>
    /// The newest succeeded run for exactly this view version and source state, if any, with the run before it and,
    /// when asked, its issue sample: one context for the three reads, as a cache hit is answered from them alone.
    /// </summary>
    public async Task<CachedRun?> FindCachedAsync(Guid viewId, int viewVersion, string fingerprint, bool withIssues, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.QualityRuns.AsNoTracking()
            .Where(r => r.ViewId == viewId && r.ViewVersion == viewVersion && r.Fingerprint == fingerprint && r.Status == QualityRunStatus.Succeeded)
            .OrderByDescending(r => r.FinishedAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
            return null;
        var issues = withIssues ? await IssuesAsync(db, row.Id, cancellationToken) : [];
        return new CachedRun(ToRecord(row), issues, await PreviousAsync(db, viewId, row.Id, cancellationToken));
    }

    /// <summary>The newest succeeded run of the view before the given one: what a re-run is compared with.</summary>
    public async Task<QualityRunRecord?> PreviousAsync(Guid viewId, long beforeRunId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await PreviousAsync(db, viewId, beforeRunId, cancellationToken);
    }

    private static async Task<QualityRunRecord?> PreviousAsync(WorkbenchDbContext db, Guid viewId, long beforeRunId, CancellationToken cancellationToken)
    {
        var row = await db.QualityRuns.AsNoTracking()
            .Where(r => r.ViewId == viewId && r.Id < beforeRunId && r.Status == QualityRunStatus.Succeeded)
            .OrderByDescending(r => r.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return row is null ? null : ToRecord(row);
    }

    /// <summary>
    /// The keys that gained or lost issues since <paramref name="previous"/>, from the two runs' issue samples; null
    /// when there is no previous run of the same view version to compare with (other versions map other fields).
    /// </summary>
    public async Task<IssueKeyChanges?> KeyChangesAsync(QualityRunRecord run, QualityRunRecord? previous, CancellationToken cancellationToken = default)
    {
        if (run.Summary is null || previous?.Summary is null || previous.ViewId != run.ViewId || previous.ViewVersion != run.ViewVersion)
            return null;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return IssueKeyChanges.Between(previous.Id, await IssueKeysAsync(db, previous.Id, cancellationToken), await IssueKeysAsync(db, run.Id, cancellationToken),
            run.Summary.IssueCounts.Values.Sum());
    }

    /// <summary>Previews of stored views keep the default sample limit: a sample that reached it may have left keys out.</summary>
    private static async Task<SampledIssueKeys> IssueKeysAsync(WorkbenchDbContext db, long runId, CancellationToken cancellationToken)
    {
        var samples = db.QualityIssueSamples.AsNoTracking().Where(s => s.RunId == runId);
        var rows = await samples.CountAsync(cancellationToken);
        var keys = await samples.Select(s => s.Key).Distinct().ToListAsync(cancellationToken);
        return new SampledIssueKeys(keys.ToHashSet(StringComparer.Ordinal), rows < new QualityOptions().IssueSampleLimit);
    }

    /// <summary>The newest runs of every view, newest first.</summary>
    public async Task<IReadOnlyList<QualityRunRecord>> RecentAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.QualityRuns.AsNoTracking().OrderByDescending(r => r.Id).Take(limit).ToListAsync(cancellationToken);
        return rows.Select(ToRecord).ToList();
    }

    public async Task<QualityRunRecord?> GetAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.QualityRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        return row is null ? null : ToRecord(row);
    }

    public async Task<long> StartAsync(Guid viewId, int viewVersion, IReadOnlyDictionary<string, string> sourceFingerprints, string actor, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = new QualityRunEntity
        {
            ViewId = viewId,
            ViewVersion = viewVersion,
            Fingerprint = SourceFingerprints.Combine(sourceFingerprints),
            SourceFingerprints = JsonSerializer.Serialize(sourceFingerprints),
            Actor = actor,
        };
        db.QualityRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        return run.Id;
    }

    /// <summary>Stores the summary and the issue sample together: a run is succeeded with its sample, or not at all.</summary>
    public async Task CompleteAsync(long runId, QualityReport report, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The sample can hold many thousand rows: binary COPY on the context's connection, inside its transaction.
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
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
        var summary = (report with { Issues = [] }).ToJson();
        var rows = report.RowsScanned.Values.Sum();
        await db.QualityRuns
            .Where(r => r.Id == runId && r.Status == QualityRunStatus.Running)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Status, QualityRunStatus.Succeeded)
                .SetProperty(r => r.Engine, report.Engine)
                .SetProperty(r => r.Summary, summary)
                .SetProperty(r => r.RowsScanned, rows)
                .SetProperty(r => r.FinishedAt, _ => DateTime.UtcNow), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Marks a run failed or cancelled; it keeps no summary and no sample, so the cache never serves it.</summary>
    public async Task FailAsync(long runId, string? error, bool cancelled)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var status = cancelled ? QualityRunStatus.Cancelled : QualityRunStatus.Failed;
        var message = cancelled ? null : error ?? "failed";
        await db.QualityRuns
            .Where(r => r.Id == runId && r.Status == QualityRunStatus.Running)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.Status, status)
                .SetProperty(r => r.Error, message)
                .SetProperty(r => r.FinishedAt, _ => DateTime.UtcNow));
    }

    public async Task<IReadOnlyList<IssueRow>> IssuesAsync(long runId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await IssuesAsync(db, runId, cancellationToken);
    }

    private static async Task<IReadOnlyList<IssueRow>> IssuesAsync(WorkbenchDbContext db, long runId, CancellationToken cancellationToken)
    {
        var rows = await db.QualityIssueSamples.AsNoTracking()
            .Where(s => s.RunId == runId)
            .OrderBy(s => s.Ordinal)
            .Select(s => new { s.Key, s.Kind, s.Field, s.Detail, s.Presence, s.Values })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new IssueRow(r.Key, r.Kind, r.Field, r.Detail, r.Presence,
            JsonSerializer.Deserialize<Dictionary<string, string?>>(r.Values, QualityReport.Json) ?? [])).ToList();
    }

    private static QualityRunRecord ToRecord(QualityRunEntity row) => new(
        row.Id, row.ViewId, row.ViewVersion, row.Fingerprint, row.Status, row.Engine,
        row.Summary is null ? null : QualityReport.FromJson(row.Summary), row.Error, row.RowsScanned, row.Actor,
        new DateTimeOffset(row.StartedAt, TimeSpan.Zero), row.FinishedAt is null ? null : new DateTimeOffset(row.FinishedAt.Value, TimeSpan.Zero));
}
