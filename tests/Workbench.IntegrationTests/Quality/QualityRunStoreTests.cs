using System.Text.Json;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Pushdown;
using Workbench.Engine.Quality.Streaming;
using Workbench.Application.Audit;
using Workbench.Application.Quality;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Quality;

public sealed class QualityRunStoreTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>, IAsyncLifetime
{
    private static readonly Dictionary<string, string> Sources = new() { ["legacy"] = "rows=7;changed=1", ["fast"] = "etag=abc" };

    public Task InitializeAsync() => HandTables.CreateAsync(db.DataSource);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_run_is_stored_with_its_sample_and_served_from_the_cache_for_the_same_state_only()
    {
        var viewId = Guid.NewGuid();
        var runner = Runner("alice");
        var engineRuns = 0;
        Task<QualityReport> Engine(CancellationToken token)
        {
            engineRuns++;
            return StreamingQualityEngine.RunAsync(HandTables.View.ToDefinition(),
                HandTables.View.Sides.Select(s => PostgresSideReader.ReadAsync(db.DataSource, s)).ToList(), cancellationToken: token);
        }

        var first = await runner.RunAsync(new PreviewRequest(viewId, 3, Sources), Engine);
        var again = await runner.RunAsync(new PreviewRequest(viewId, 3, new Dictionary<string, string>(Sources.Reverse())), Engine);
        var changed = await runner.RunAsync(new PreviewRequest(viewId, 3, new Dictionary<string, string>(Sources) { ["fast"] = "etag=def" }), Engine);
        var nextVersion = await runner.RunAsync(new PreviewRequest(viewId, 4, Sources), Engine);
        var withoutSample = await runner.RunAsync(new PreviewRequest(viewId, 3, Sources), Engine, withIssues: false);

        Assert.Equal(3, engineRuns);
        Assert.False(first.Cached);
        Assert.True(again.Cached);
        Assert.Equal(first.Run.Id, again.Run.Id);
        Assert.False(changed.Cached);
        Assert.False(nextVersion.Cached);
        Assert.Equal((QualityRunStatus.Succeeded, "streaming", 13L, "alice"), (first.Run.Status, first.Run.Engine, first.Run.RowsScanned, first.Run.Actor));
        HandTables.AssertHandComputed(again.Report);
        Assert.NotEmpty(again.Report.Issues);
        Assert.Equal(JsonSerializer.Serialize(first.Report.Issues), JsonSerializer.Serialize(again.Report.Issues));
        Assert.Equal(first.Run.Id, changed.Previous?.Id);
        Assert.Equal((true, first.Run.Id, 0), (withoutSample.Cached, withoutSample.Run.Id, withoutSample.Report.Issues.Count));
        Assert.Equal((again.Report with { Issues = [] }).ToJson(), withoutSample.Report.ToJson());
        Assert.Equal(3, await AuditCount(viewId, "ok"));
    }

    [Fact]
    public async Task A_failing_source_fails_the_run_and_caches_nothing()
    {
        var viewId = Guid.NewGuid();
        var runner = Runner("bob");

        var error = await Assert.ThrowsAsync<QualityPreviewException>(() => runner.RunAsync(new PreviewRequest(viewId, 1, Sources),
            _ => throw new QualityPreviewException("Source 'fast' failed after 3 rows: connection reset by peer")));
        var retry = await runner.RunAsync(new PreviewRequest(viewId, 1, Sources),
            token => PushdownQualityEngine.RunAsync(db.DataSource, HandTables.View, token));

        Assert.Equal("Source 'fast' failed after 3 rows: connection reset by peer", error.Message);
        Assert.False(retry.Cached);
        Assert.Null(retry.Previous);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var runs = (await connection.QueryAsync<(string Status, string? Error, bool HasSummary, long Samples)>("""
            select status, error, summary is not null, (select count(*) from quality_issue_sample s where s.run_id = r.id)
            from quality_run r where view_id = @viewId order by id
            """, new { viewId })).ToList();
        Assert.Equal(("failed", "Source 'fast' failed after 3 rows: connection reset by peer", false, 0L), runs[0]);
        Assert.Equal("succeeded", runs[1].Status);
        Assert.Equal(1, await AuditCount(viewId, "failed"));
    }

    [Fact]
    public async Task A_cancelled_run_is_recorded_as_cancelled_and_not_served()
    {
        var viewId = Guid.NewGuid();
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Runner("carol").RunAsync(new PreviewRequest(viewId, 1, Sources),
            _ => throw new OperationCanceledException(), useCache: false));

        await using var connection = await db.DataSource.OpenConnectionAsync();
        Assert.Equal("cancelled", await connection.ExecuteScalarAsync<string>("select status from quality_run where view_id = @viewId", new { viewId }));
    }

    [Fact]
    public void The_delta_names_each_figure_that_changed()
    {
        var before = Report(premiumNulls: 412, presenceBoth: 10);
        var after = Report(premiumNulls: 3, presenceBoth: 10);

        var changes = QualityDelta.Between(before, after);

        Assert.Equal(["premium nulls 412 -> 3"], changes.Select(c => c.ToString()));
    }

    private static QualityReport Report(long premiumNulls, long presenceBoth) => QualityReports.Assemble("streaming", ["legacy", "fast"],
        [0, 1, 2, presenceBoth],
        [new FieldReport("premium", premiumNulls, 0, new Dictionary<string, long>(), 0, new Dictionary<string, SourceFieldCounts>())],
        [0, 0], [0, 0], [0, 0], [], [5, 5], 1, false, []);

    private QualityPreviewRunner Runner(string actor)
    {
        var who = new SystemActor(actor);
        return new QualityPreviewRunner(new QualityRunStore(db.DataSource), new AuditLog(db.DataSource, who), who);
    }

    private async Task<int> AuditCount(Guid viewId, string outcome)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>(
            "select count(*) from audit_event where action = 'preview.run' and entity_id = @id and outcome = @outcome",
            new { id = viewId.ToString(), outcome });
    }
}
