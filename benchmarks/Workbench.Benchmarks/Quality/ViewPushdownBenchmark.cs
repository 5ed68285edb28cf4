using System.Globalization;
using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workbench.Storage.Secrets;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Postgres;
using Workbench.Core.Mapping;
using Workbench.Core.Mapping.Transforms;
using Workbench.Core.Schema;
using Workbench.Core.Sources;
using Workbench.Application.Audit;
using Workbench.Application.Lineage;
using Workbench.Application.Mapping;
using Workbench.Application.Quality;
using Workbench.Application.Sources;
using Workbench.Testing;

namespace Workbench.Benchmarks.Quality;

/// <summary>
/// A stored view over two tables of one PostgreSQL source (N rows each, 90% of keys shared, about 5% defective
/// values), previewed by <see cref="ViewPreviewService"/> pushed down and streamed, alternately, each run fresh.
/// </summary>
public static class ViewPushdownBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 && int.TryParse(args[0], out var r) ? r : 200_000;
        var runs = args.Length > 1 && int.TryParse(args[1], out var n) ? n : 3;
        var fixture = new MigratedDatabaseFixture();
        await fixture.InitializeAsync();
        await using var dataSource = fixture.DataSource;
        await CreateTablesAsync(dataSource, rows);

        var actor = new SystemActor("bench");
        var audit = new AuditLog(dataSource, actor);
        var sources = new SourceStore(dataSource, Protector(dataSource));
        var connectors = new ConnectorRegistry([new PostgresConnector()]);
        var sourceId = await new SourceService(dataSource, sources, connectors, audit, new LineageWriter(dataSource))
            .CreateAsync(PostgresDraft(fixture.ConnectionString));
        var catalog = new DatasetCatalog(sources, connectors, audit);
        var names = (await catalog.ListDatasetsAsync()).Where(d => d.SourceId == sourceId).Select(d => d.QualifiedName).ToList();
        var views = new ViewStore(dataSource, actor, audit);
        var saved = (SaveOutcome.Saved)await views.CreateAsync(View(names.Single(x => x.EndsWith(".a", StringComparison.Ordinal)), names.Single(x => x.EndsWith(".b", StringComparison.Ordinal))));

        await using var pools = new SourceReadPools(new SourcesOptions());
        var runner = new QualityPreviewRunner(new QualityRunStore(dataSource), audit, actor);
        var pushdown = new ViewPreviewService(views, catalog, catalog, runner, new ViewPushdownPlanner(sources, pools));
        var streaming = new ViewPreviewService(views, catalog, catalog, runner);
        var times = new Dictionary<string, List<long>> { ["pushdown"] = [], ["streaming"] = [] };
        long keys = 0;
        for (var i = 0; i < runs; i++)
            foreach (var (name, service) in new[] { ("pushdown", pushdown), ("streaming", streaming) })
            {
                var clock = Stopwatch.StartNew();
                var result = await service.RunAsync(saved.ViewId, useCache: false);
                times[name].Add(clock.ElapsedMilliseconds);
                var report = ((ViewPreviewResult.Succeeded)result).Outcome.Report;
                if (report.Engine != name)
                    throw new InvalidOperationException($"Expected the {name} engine, got {report.Engine} ({report.EngineReason}).");
                keys = report.Keys;
            }

        Console.WriteLine($"view of two tables x {rows:N0} rows, {keys:N0} keys, {runs} fresh runs each (wall time of ViewPreviewService.RunAsync):");
        foreach (var (name, list) in times)
        {
            list.Sort();
            Console.WriteLine($"  {name,-9}: median {list[list.Count / 2]:N0} ms, min {list[0]:N0} ms, max {list[^1]:N0} ms");
        }
        return 0;
    }

    private static async Task CreateTablesAsync(NpgsqlDataSource dataSource, int rows)
    {
        await using var command = dataSource.CreateCommand($"""
            create schema bench;
            create table bench.a as select 'P' || g as pol, case when g % 20 = 0 then null else ' holder ' || g end as holder,
                (g % 1000)::numeric(12,2) as premium, case when g % 25 = 0 then 'n/a' else to_char(date '2020-01-01' + g % 1500, 'DD/MM/YYYY') end as eff
                from generate_series(1, {rows}) g;
            create table bench.b as select 'P' || (g + {rows / 10}) as id, 'holder ' || (g + {rows / 10}) as name,
                ((g + {rows / 10}) % 1000 + case when g % 30 = 0 then 10 else 0 end)::numeric(12,2) as amount, date '2020-01-01' + (g + {rows / 10}) % 1500 as start
                from generate_series(1, {rows}) g;
            analyze bench.a; analyze bench.b;
            """);
        await command.ExecuteNonQueryAsync();
    }

    private static SecretProtector Protector(NpgsqlDataSource dataSource)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("Workbench");
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new PostgresXmlRepository(dataSource));
        return new SecretProtector(services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>());
    }

    private static Workbench.Application.Sources.SourceDraft PostgresDraft(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        return new(
            "bench tables", SourceKind.PostgreSql,
            new Dictionary<string, string?>
            {
                [PostgresSettings.Host] = target.Host, [PostgresSettings.Port] = target.Port.ToString(CultureInfo.InvariantCulture), [PostgresSettings.Database] = target.Database,
                [PostgresSettings.User] = target.Username, [PostgresSettings.SslMode] = "Disable", [PostgresSettings.Schemas] = "bench",
            },
            new Dictionary<string, string?> { [PostgresSettings.Password] = target.Password });
    }

    private static ViewSpec View(string a, string b) => new(
        "Pushdown benchmark", [new(a), new(b)], [new(a, b, [new JoinKey("pol", "id")])],
        [new("holder", FieldType.Text), new("premium", FieldType.Decimal), new("effective", FieldType.Date)],
        [
            new("holder", [new(new(a, "holder"), [new Trim()]), new(new(b, "name"), [])]),
            new("premium", [new(new(a, "premium"), []), new(new(b, "amount"), [])]),
            new("effective", [new(new(a, "eff"), [new ParseDate(["dd/MM/yyyy"])]), new(new(b, "start"), [])]),
        ],
        [new RuleSpec("holder", "not_null")]);
}
