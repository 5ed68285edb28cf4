using Workbench.Core.Mapping;
using Workbench.Core.Schema;
using Workbench.IntegrationTests.Materialize;
using Workbench.Application.Audit;
using Workbench.Application.Mapping;
using Workbench.Application.Quality;
using Workbench.Application.Sources;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Quality;

/// <summary>A steward fixes rows in a PostgreSQL source and previews again, fresh: the keys that lost their issues are named.</summary>
public sealed class RecheckAfterFixTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>, IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("workbench-recheck-").FullName;

    /// <summary>The sources' shared pools, as the app has one set of them.</summary>
    private readonly SourceReadPools _pools = new(new SourcesOptions());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _pools.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Fixing_rows_in_the_source_lists_their_keys_as_having_lost_issues_until_none_remain()
    {
        var schema = $"rc_{Guid.NewGuid():N}"[..20];
        await SqlAsync($"""
            create schema "{schema}";
            create table "{schema}".a (pol text, holder text);
            insert into "{schema}".a values ('1', 'Ann'), ('2', 'Bob'), ('3', null);
            create table "{schema}".b (id text, name text);
            insert into "{schema}".b values ('1', 'Ann'), ('2', 'Robert'), ('3', 'Cy');
            """);
        var bed = new MaterializeTestbed(db.DataSource, db.ConnectionString, _folder);
        var names = await bed.DatasetsOfAsync(await bed.RegisterTablesAsync($"recheck {schema}", schema));
        string a = names.Single(n => n.EndsWith(".a", StringComparison.Ordinal)), b = names.Single(n => n.EndsWith(".b", StringComparison.Ordinal));
        var viewId = await bed.CreateViewAsync(new ViewSpec(TestAccounts.UniqueName("recheck"), [new(a), new(b)], [new(a, b, [new JoinKey("pol", "id")])],
            [new("holder", FieldType.Text)], [new("holder", [new(new(a, "holder"), []), new(new(b, "name"), [])])], []));
        var (previews, runs) = Services(bed);

        var first = await PreviewAsync(previews, viewId);
        Assert.Null(await runs.KeyChangesAsync(first.Run, first.Previous));
        await SqlAsync($"""update "{schema}".a set holder = 'Cy' where pol = '3'""");
        var second = await PreviewAsync(previews, viewId);
        var afterFirstFix = await runs.KeyChangesAsync(second.Run, second.Previous);
        await SqlAsync($"""update "{schema}".b set name = 'Bob' where id = '2'""");
        var third = await PreviewAsync(previews, viewId);
        var afterSecondFix = await runs.KeyChangesAsync(third.Run, third.Previous);

        // Key 3 had a null holder in a, key 2 two different holders: each fix takes one key off the list.
        Assert.NotNull(afterFirstFix);
        Assert.Equal((first.Run.Id, "3", 1, "", 0, false), (afterFirstFix.PreviousRunId, string.Join(",", afterFirstFix.Lost), afterFirstFix.LostCount,
            string.Join(",", afterFirstFix.Gained), afterFirstFix.GainedCount, afterFirstFix.FromSamples));
        Assert.True(afterFirstFix.Remaining > 0 && afterFirstFix.Remaining < first.Report.IssueCounts.Values.Sum(),
            $"remaining {afterFirstFix.Remaining} of {first.Report.IssueCounts.Values.Sum()}");
        Assert.NotNull(afterSecondFix);
        Assert.Equal((second.Run.Id, "2", "", 0L), (afterSecondFix.PreviousRunId, string.Join(",", afterSecondFix.Lost), string.Join(",", afterSecondFix.Gained),
            afterSecondFix.Remaining));
    }

    private static async Task<PreviewOutcome> PreviewAsync(ViewPreviewService previews, Guid viewId) =>
        Assert.IsType<ViewPreviewResult.Succeeded>(await previews.RunAsync(viewId, useCache: false)).Outcome;

    private (ViewPreviewService Previews, QualityRunStore Runs) Services(MaterializeTestbed bed)
    {
        var actor = new SystemActor("tester");
        var audit = new AuditLog(db.DataSource, actor);
        var catalog = new DatasetCatalog(bed.Sources, bed.Connectors, audit);
        var runs = new QualityRunStore(db.DataSource);
        return (new ViewPreviewService(new ViewStore(db.DataSource, actor, audit), catalog, catalog, new QualityPreviewRunner(runs, audit, actor),
            new ViewPushdownPlanner(bed.Sources, _pools)), runs);
    }

    private async Task SqlAsync(string sql)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(sql);
    }
}
