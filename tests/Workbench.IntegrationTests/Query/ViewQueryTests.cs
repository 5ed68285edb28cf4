using Npgsql;
using Workbench.Application.Audit;
using Workbench.Application.Mapping;
using Workbench.Application.Quality;
using Workbench.Application.Query;
using Workbench.Application.Sources;
using Workbench.Core.Mapping.Transforms;
using Workbench.Engine.Query;
using Workbench.IntegrationTests.Materialize;
using Workbench.IntegrationTests.Quality;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Query;

/// <summary>
/// Queries of stored views over real sources: the same questions answered pushed down in PostgreSQL and streamed give
/// the same rows, totals and order; a PostgreSQL table joined with a CSV file streams; the rows expected are worked
/// out from the data the tests write.
/// </summary>
public sealed class ViewQueryTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>, IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("workbench-query-").FullName;

    /// <summary>The sources' shared pools, as the app has one set of them.</summary>
    private readonly SourceReadPools _pools = new(new SourcesOptions());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _pools.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Questions to the two tables of <see cref="ViewPushdownTests.TwoTablesAsync"/>, with every filter, order and paging.</summary>
    public static TheoryData<string[], string?, bool, int, int> Questions => new()
    {
        { [], null, false, 0, 100 },
        { [], null, true, 0, 100 },
        { [], "premium", true, 0, 100 },
        { [], "holder", false, 0, 100 },
        { [], "effective", true, 1, 2 },
        { ["_source is {a}"], null, false, 0, 100 },
        { ["_source is not {a}+{b}"], "n", false, 0, 100 },
        { ["_has_issues"], null, false, 0, 100 },
        { ["_has_issues = false"], null, false, 0, 100 },
        { ["premium is null"], null, false, 0, 100 },
        { ["premium is not null", "premium >= 100"], "premium", false, 0, 100 },
        { ["effective is invalid"], null, false, 0, 100 },
        { ["holder = Ann"], null, false, 0, 100 },
        { ["n between 2 and 5"], "n", true, 0, 100 },
        { ["code > X"], "code", false, 0, 100 },
        { ["effective < 2024-02-04"], null, false, 0, 100 },
        { [], "premium", false, 2, 2 },
        { [], null, false, 10, 5 },
    };

    [Theory]
    [MemberData(nameof(Questions))]
    public async Task A_view_of_one_postgresql_source_answers_the_same_pushed_down_and_streamed(string[] where, string? sort, bool descending, int offset, int limit)
    {
        var bed = new MaterializeTestbed(db.DataSource, db.ConnectionString, _folder);
        var spec = await ViewPushdownTests.TwoTablesAsync(db.DataSource, bed, "q" + Guid.NewGuid().ToString("N")[..8], holderFromA: [new Trim()]);
        var viewId = await bed.CreateViewAsync(spec);
        var named = where.Select(w => w.Replace("{a}", spec.Datasets[0].Name, StringComparison.Ordinal).Replace("{b}", spec.Datasets[1].Name, StringComparison.Ordinal));
        var query = Query(named.ToArray(), sort, descending, offset, limit);

        var pushed = await PageAsync(bed, viewId, query, pushdown: true);
        var streamed = await PageAsync(bed, viewId, query, pushdown: false);

        Assert.Equal("pushdown", pushed.Engine);
        Assert.Equal("streaming", streamed.Engine);
        Assert.Equal(streamed.Columns, pushed.Columns);
        Assert.Equal(streamed.Total, pushed.Total);
        Assert.Equal(Lines(streamed.Rows), Lines(pushed.Rows));
    }

    [Fact]
    public async Task The_rows_of_the_two_tables_are_the_ones_their_data_gives()
    {
        var bed = new MaterializeTestbed(db.DataSource, db.ConnectionString, _folder);
        var spec = await ViewPushdownTests.TwoTablesAsync(db.DataSource, bed, "qrows", holderFromA: [new Trim()]);
        var viewId = await bed.CreateViewAsync(spec);
        string a = spec.Datasets[0].Name, b = spec.Datasets[1].Name;

        foreach (var pushdown in new[] { true, false })
        {
            var all = await PageAsync(bed, viewId, Query([], null), pushdown);
            Assert.Equal(["_key", "holder", "code", "premium", "effective", "n", "_source", "_issues"], all.Columns);
            Assert.Equal(5, all.Total);
            // Keys in ordinal order; 7 and 8 in both tables, 9 and 10 only in a, 11 only in b. Key 8: Bob / Bobby and
            // two dates disagree, a has no premium; 9's date does not parse; 10 has no holder (a rule) and 2000 is
            // out of 0..1000 (a rule).
            Assert.Equal(
            [
                $"10|null|Q|2000.00|null|5|{a}|presence,null,rule",
                $"11|Dee|W|10.00|null|6|{b}|presence,null",
                $"7|Ann|X1|100.50|2024-01-02|1|{a}+{b}|",
                $"8|Bob|Y2|55.50|2024-02-03|2|{a}+{b}|null,mismatch",
                $"9|Cy|Z|7.00|null|3|{a}|presence,invalid",
            ], Lines(all.Rows));

            var page = await PageAsync(bed, viewId, Query(["premium is not null"], "premium", descending: true, offset: 1, limit: 2), pushdown);
            Assert.Equal(5, page.Total);
            Assert.Equal(["7", "8"], page.Rows.Select(r => r.Key));
            Assert.Equal(["9"], (await PageAsync(bed, viewId, Query(["effective is invalid"], null), pushdown)).Rows.Select(r => r.Key));
            Assert.Equal(["11"], (await PageAsync(bed, viewId, Query([$"_source is {b}"], null), pushdown)).Rows.Select(r => r.Key));
            Assert.Equal(["7"], (await PageAsync(bed, viewId, Query(["_has_issues = false"], null), pushdown)).Rows.Select(r => r.Key));
            Assert.Equal(["10", "7"], (await PageAsync(bed, viewId, Query(["premium between 100 and 5000"], null), pushdown)).Rows.Select(r => r.Key));
        }
    }

    [Fact]
    public async Task A_table_joined_with_a_csv_file_streams_and_every_matching_row_comes_out()
    {
        var bed = new MaterializeTestbed(db.DataSource, db.ConnectionString, _folder);
        var spec = await bed.CreatePolicySourcesAsync("query");
        var viewId = await bed.CreateViewAsync(spec);
        string table = spec.Datasets[0].Name, file = spec.Datasets[1].Name;
        var service = Service(bed, pushdown: true);

        var page = Assert.IsType<ViewQueryResult.Page>(await service.PageAsync(viewId, null, Query([], "premium", descending: true))).Rows;

        Assert.Equal("streaming", page.Engine);
        Assert.Equal(4, page.Total);
        // P1 and P2 in both (the file's lower-case holders differ from the table's; P2 has no premium in the table),
        // P3 only in the table, P4 only in the file with a date that does not parse.
        Assert.Equal(
        [
            $"P1|P1|ann x|100.50|2024-01-02|{table}+{file}|mismatch",
            $"P2|P2|bob|55.5|2024-02-03|{table}+{file}|null,mismatch",
            $"P4|P4|dee|10|null|{file}|presence,invalid",
            $"P3|P3|Cy|7|null|{table}|presence",
        ], Lines(page.Rows));

        var stream = Assert.IsType<ViewQueryResult.AllRows>(await service.StreamAsync(viewId, null, Query([$"_source is not {table}+{file}"], null)));
        var keys = new List<string>();
        await foreach (var row in stream.Rows)
            keys.Add(row.Key);
        Assert.Equal(["P3", "P4"], keys.Order(StringComparer.Ordinal));

        await using var connection = await db.DataSource.OpenConnectionAsync();
        var audited = await connection.QueryAsync<(string Outcome, long Rows)>(
            "select outcome, (details->>'rowsReturned')::bigint from audit_event where action = 'view.query' and entity_id = @id order by id",
            new { id = viewId.ToString() });
        Assert.Equal([("ok", 4L), ("ok", 2L)], audited);
    }

    [Fact]
    public async Task A_query_naming_an_unknown_field_or_a_bad_value_is_rejected_and_a_dissolved_view_refuses()
    {
        var bed = new MaterializeTestbed(db.DataSource, db.ConnectionString, _folder);
        var viewId = await bed.CreateViewAsync(await bed.CreatePolicySourcesAsync("queryrefused"));
        var service = Service(bed, pushdown: true);

        var unknown = Assert.IsType<ViewQueryResult.Rejected>(await service.PageAsync(viewId, null, Query(["nope is null"], null)));
        Assert.StartsWith("Cannot filter on 'nope': it is not a mapped field of the view.", unknown.Message);
        Assert.IsType<ViewQueryResult.Rejected>(await service.PageAsync(viewId, null, Query(["premium > lots"], null)));
        Assert.IsType<ViewQueryResult.Rejected>(await service.PageAsync(viewId, null, Query(["_source is nowhere"], null)));
        Assert.IsType<ViewQueryResult.Rejected>(await service.PageAsync(viewId, null, Query([], null, limit: ViewQuery.MaxLimit + 1)));
        Assert.IsType<ViewQueryResult.NotFound>(await service.PageAsync(viewId, 9, Query([], null)));

        await using (var connection = await db.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync(
                "update view_definition set dissolved_at = now(), dissolved_by = 'tester', dissolve_reason = 'done' where id = @id", new { id = viewId });
        var refused = Assert.IsType<ViewQueryResult.Dissolved>(await service.PageAsync(viewId, null, Query([], null)));
        Assert.Contains("dissolved", refused.Message);
        Assert.IsType<ViewQueryResult.Dissolved>(await service.StreamAsync(viewId, null, Query([], null)));
    }

    private ViewQueryService Service(MaterializeTestbed bed, bool pushdown)
    {
        var actor = new SystemActor("tester");
        var audit = new AuditLog(db.DataSource, actor);
        var catalog = new DatasetCatalog(bed.Sources, bed.Connectors, audit);
        // Streamed queries read in the sources' turns, as the app's do.
        return new ViewQueryService(new ViewStore(db.DataSource, actor, audit), catalog, catalog.TakingTurns(_pools), audit,
            pushdown ? new ViewPushdownPlanner(bed.Sources, _pools) : null);
    }

    private async Task<QueryPage> PageAsync(MaterializeTestbed bed, Guid viewId, ViewQuery query, bool pushdown) =>
        Assert.IsType<ViewQueryResult.Page>(await Service(bed, pushdown).PageAsync(viewId, null, query)).Rows;

    private static ViewQuery Query(string[] where, string? sort, bool descending = false, int offset = 0, int limit = 100) =>
        new(where.SelectMany(QueryFilterText.Parse).ToList(), sort is null ? null : new QuerySort(sort, descending), offset, limit);

    private static List<string> Lines(IEnumerable<QueryRow> rows) =>
        rows.Select(r => string.Join('|', r.Cells().Select(c => c ?? "null"))).ToList();
}
