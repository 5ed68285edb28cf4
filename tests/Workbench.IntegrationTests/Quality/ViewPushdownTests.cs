using Npgsql;
using Workbench.Core.Mapping;
using Workbench.Core.Mapping.Transforms;
using Workbench.Core.Schema;
using Workbench.Engine.Quality.Model;
using Workbench.IntegrationTests.Materialize;
using Workbench.Application.Audit;
using Workbench.Application.Mapping;
using Workbench.Application.Quality;
using Workbench.Application.Sources;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Quality;

/// <summary>
/// Stored views previewed by the service over real sources: pushed down when every dataset is a table of one
/// PostgreSQL source and every mapping has an SQL twin, streamed otherwise with the reason in the report.
/// </summary>
public sealed class ViewPushdownTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>, IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("workbench-pushdown-").FullName;

    /// <summary>The sources' shared pools, as the app has one set of them.</summary>
    private readonly SourceReadPools _pools = new(new SourcesOptions());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _pools.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_view_over_two_tables_of_one_source_is_pushed_down_with_the_counts_of_the_streaming_engine()
    {
        var bed = new MaterializeTestbed(db.DataSource, db.ConnectionString, _folder);
        var viewId = await bed.CreateViewAsync(await TwoTablesAsync(db.DataSource, bed, "same", holderFromA: [new Trim()]));

        var pushed = await PreviewAsync(bed, viewId, pushdown: true);
        var streamed = await PreviewAsync(bed, viewId, pushdown: false);

        Assert.Equal("pushdown", pushed.Engine);
        Assert.Null(pushed.EngineReason);
        Assert.Equal("streaming", streamed.Engine);
        Assert.Equal(Counts(streamed), Counts(pushed));
        // Worked out by hand: keys 7, 8, 9, 10, 11; Bob/Bobby and 2024-02-03/04 differ on key 8; 'not a date' fails.
        Assert.Equal(5, pushed.Keys);
        Assert.Equal(2, pushed.Presence.Single(p => p.Key.Contains('+', StringComparison.Ordinal)).Value);
        Assert.Equal(1, pushed.Fields.Single(f => f.Name == "holder").Mismatches);
        var effective = pushed.Fields.Single(f => f.Name == "effective");
        Assert.Equal(1, effective.Mismatches);
        Assert.Equal(new Dictionary<string, long> { ["parse date (dd/MM/yyyy, yyyy-MM-dd): the value matches none of dd/MM/yyyy, yyyy-MM-dd"] = 1 }, effective.InvalidByReason);
        Assert.Equal(1, pushed.RuleFailures.Single(r => r.Field == "premium").Failures);
    }

    [Fact]
    public async Task A_view_mixing_a_table_and_a_csv_file_streams()
    {
        var bed = new MaterializeTestbed(db.DataSource, db.ConnectionString, _folder);
        var viewId = await bed.CreateViewAsync(await bed.CreatePolicySourcesAsync("mixed"));

        var report = await PreviewAsync(bed, viewId, pushdown: true);

        Assert.Equal("streaming", report.Engine);
        Assert.Equal("the datasets live in more than one source", report.EngineReason);
    }

    [Fact]
    public async Task A_transform_without_an_sql_form_makes_the_preview_stream_and_says_which()
    {
        var bed = new MaterializeTestbed(db.DataSource, db.ConnectionString, _folder);
        var viewId = await bed.CreateViewAsync(await TwoTablesAsync(db.DataSource, bed, "regex", holderFromA: [new RegexExtract("^(\\w+)")]));

        var report = await PreviewAsync(bed, viewId, pushdown: true);

        Assert.Equal("streaming", report.Engine);
        Assert.Matches(@"^the mapping of '.+\.a\.holder' to 'holder' \(extract .*\) has no SQL form$", report.EngineReason);
        Assert.Equal(5, report.Keys);
    }

    [Fact]
    public async Task Thirty_previews_at_once_over_one_source_all_answer_on_no_more_connections_than_its_limit()
    {
        var bed = new MaterializeTestbed(db.DataSource, db.ConnectionString, _folder);
        var viewId = await bed.CreateViewAsync(await TwoTablesAsync(db.DataSource, bed, "many", holderFromA: [new Trim()]));
        await using var pools = new SourceReadPools(new SourcesOptions { MaxConcurrentReadsPerSource = 2 });
        long baseline;
        // Connections the other tests' streaming reads left idle in the connector's pool stay open, so they are counted first.
        using (var once = new CancellationTokenSource())
        {
            await once.CancelAsync();
            baseline = await PeakSourceConnectionsAsync(once.Token);
        }
        using var sampling = new CancellationTokenSource();
        var peak = PeakSourceConnectionsAsync(sampling.Token);

        var reports = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => PreviewAsync(bed, viewId, new ViewPushdownPlanner(bed.Sources, pools), pools)));
        await sampling.CancelAsync();

        Assert.All(reports, report =>
        {
            Assert.Equal("pushdown", report.Engine);
            Assert.Equal(5, report.Keys);
            Assert.Equal(1, report.Fields.Single(f => f.Name == "holder").Mismatches);
        });
        // The pool keeps its connections after the previews, so the sampler sees at least one however fast they ran.
        Assert.InRange(await peak - baseline, 1, 2);
    }

    [Fact]
    public async Task Thirty_streamed_previews_at_once_all_answer_right_reading_the_source_in_no_more_connections_than_its_limit()
    {
        var bed = new MaterializeTestbed(db.DataSource, db.ConnectionString, _folder);
        // The extraction has no SQL form, so the view streams: each preview reads both tables through the connector.
        var viewId = await bed.CreateViewAsync(await TwoTablesAsync(db.DataSource, bed, "turns", holderFromA: [new RegexExtract("^(\\w+)")]));
        var alone = await PreviewAsync(bed, viewId, pushdown: true);
        await using var pools = new SourceReadPools(new SourcesOptions { MaxConcurrentReadsPerSource = 2 });
        using var sampling = new CancellationTokenSource();
        // Connections in use only: those an earlier read left idle in the connector's pool are not reads.
        var peak = PeakSourceConnectionsAsync(sampling.Token, inUseOnly: true);

        var reports = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => PreviewAsync(bed, viewId, new ViewPushdownPlanner(bed.Sources, pools), pools)));
        await sampling.CancelAsync();

        Assert.Equal("streaming", alone.Engine);
        Assert.Equal(5, alone.Keys);
        Assert.All(reports, report =>
        {
            Assert.Equal("streaming", report.Engine);
            Assert.Equal(Counts(alone), Counts(report));
        });
        Assert.InRange(await peak, 1, 2);
    }

    /// <summary>
    /// The most connections the sources' reads held at once in this database until <paramref name="stop"/>; with
    /// <paramref name="inUseOnly"/>, only those not idle (inside a read's transaction).
    /// </summary>
    private async Task<long> PeakSourceConnectionsAsync(CancellationToken stop, bool inUseOnly = false)
    {
        long peak = 0;
        await using var connection = await db.DataSource.OpenConnectionAsync(CancellationToken.None);
        var sql = "select count(*) from pg_stat_activity where datname = current_database() and application_name = 'workbench'"
                  + (inUseOnly ? " and state <> 'idle'" : "");
        do
        {
            var now = await connection.ExecuteScalarAsync<long>(sql);
            peak = Math.Max(peak, now);
            await Task.Yield();
        }
        while (!stop.IsCancellationRequested);
        return peak;
    }

    private Task<QualityReport> PreviewAsync(MaterializeTestbed bed, Guid viewId, bool pushdown) =>
        PreviewAsync(bed, viewId, pushdown ? new ViewPushdownPlanner(bed.Sources, _pools) : null, _pools);

    /// <summary>A preview as the app runs it: streamed reads take their turns in <paramref name="pools"/> too.</summary>
    private async Task<QualityReport> PreviewAsync(MaterializeTestbed bed, Guid viewId, ViewPushdownPlanner? planner, SourceReadPools pools)
    {
        var actor = new SystemActor("tester");
        var audit = new AuditLog(db.DataSource, actor);
        var catalog = new DatasetCatalog(bed.Sources, bed.Connectors, audit);
        var service = new ViewPreviewService(new ViewStore(db.DataSource, actor, audit), catalog, catalog.TakingTurns(pools),
            new QualityPreviewRunner(new QualityRunStore(db.DataSource), audit, actor), planner);
        var result = await service.RunAsync(viewId, useCache: false);
        return Assert.IsType<ViewPreviewResult.Succeeded>(result).Outcome.Report;
    }

    /// <summary>
    /// pd_{suffix}.a and .b: keys written differently ('007' and '7'), a repeated key, null and blank keys, text,
    /// numeric, integer and date columns; a view mapping them with trim, upper case, parse date and casts.
    /// </summary>
    /// <remarks>The query of a view is checked on the same tables (ViewQueryTests).</remarks>
    internal static async Task<ViewSpec> TwoTablesAsync(NpgsqlDataSource dataSource, MaterializeTestbed bed, string suffix, IReadOnlyList<Transform> holderFromA)
    {
        var schema = $"pd_{suffix}";
        await using (var connection = await dataSource.OpenConnectionAsync())
            await connection.ExecuteAsync($"""
                create schema {schema};
                create table {schema}.a (pol text, holder text, code text, premium numeric(12,2), eff text, n int4);
                insert into {schema}.a values
                    ('007', ' Ann ', 'x1', 100.50, '02/01/2024', 1), ('8', 'Bob', 'y2', null, '2024-02-03', 2),
                    ('9', 'Cy', 'z', 7, 'not a date', 3), ('9', 'Cy2', 'z', 8, '31/02/2024', 4),
                    (null, 'Nobody', null, 5, null, null), ('10', null, 'q', 2000, '', 5);
                create table {schema}.b (id text, name text, code text, amount numeric(12,2), start date, n int8);
                insert into {schema}.b values
                    ('7', 'Ann', 'X1', 100.5, '2024-01-02', 1), ('8', 'Bobby', 'Y2', 55.5, '2024-02-04', 2),
                    ('11', 'Dee', 'w', 10, null, 6), ('  ', 'Blank', 'v', 1, null, 7);
                """);
        var names = await bed.DatasetsOfAsync(await bed.RegisterTablesAsync($"pd {suffix}", schema));
        string a = names.Single(n => n.EndsWith(".a", StringComparison.Ordinal)), b = names.Single(n => n.EndsWith(".b", StringComparison.Ordinal));
        var upper = new ChangeCase(LetterCase.Upper);
        return new ViewSpec(TestAccounts.UniqueName("pushdown"), [new(a), new(b)], [new(a, b, [new JoinKey("pol", "id")])],
            [new("holder", FieldType.Text), new("code", FieldType.Text), new("premium", FieldType.Decimal), new("effective", FieldType.Date), new("n", FieldType.Integer)],
            [
                new("holder", [new(new(a, "holder"), holderFromA), new(new(b, "name"), [])]),
                new("code", [new(new(a, "code"), [upper]), new(new(b, "code"), [upper])]),
                new("premium", [new(new(a, "premium"), []), new(new(b, "amount"), [new Cast(FieldType.Decimal)])]),
                new("effective", [new(new(a, "eff"), [new ParseDate(["dd/MM/yyyy", "yyyy-MM-dd"])]), new(new(b, "start"), [])]),
                new("n", [new(new(a, "n"), []), new(new(b, "n"), [new Cast(FieldType.Integer)])]),
            ],
            [new RuleSpec("holder", "not_null"), new RuleSpec("premium", "between", "0,1000")]);
    }

    private static string Counts(QualityReport report) =>
        (report with { Engine = "", EngineReason = null, ElapsedMs = 0, Spilled = false, Issues = [] }).ToJson();
}
