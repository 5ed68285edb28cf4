using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Parquet.Serialization;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Files;
using Workbench.Core.Mapping;
using Workbench.Core.Schema;
using Workbench.Core.Sources;
using Workbench.Engine.Quality.Model;
using Workbench.Storage.Audit;
using Workbench.Storage.Lineage;
using Workbench.Storage.Mapping;
using Workbench.Storage.Quality;
using Workbench.Storage.Secrets;
using Workbench.Storage.Sources;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Quality;

/// <summary>
/// A stored view joining a Parquet file (nested address, several row groups) with a CSV file, previewed by the
/// service; every expected figure is worked out from the rows the test writes.
/// </summary>
public sealed class ParquetViewPreviewTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("workbench-parquet-view-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public sealed class Address
    {
        public string? City { get; set; }
    }

    public sealed class Customer
    {
        public string? CustomerNo { get; set; }
        public Address? Address { get; set; }
    }

    private sealed record Row(string? No, string City);

    /// <summary>Legacy customers: C001..C040, every tenth without a number, C005 and C006 twice (not in the CSV).</summary>
    private static readonly Row[] Legacy =
    [
        .. Enumerable.Range(1, 40).Select(i => new Row(i % 10 == 0 ? null : $"C{i:000}", City(i))),
        new Row("C005", "Paris"),
        new Row("C006", "Lyon"),
    ];

    /// <summary>New platform: C021..C050; every seventh moved to Nice.</summary>
    private static readonly Row[] Platform =
        Enumerable.Range(21, 30).Select(i => new Row($"C{i:000}", i % 7 == 0 ? "Nice" : City(i))).ToArray();

    private static string City(int i) => i % 2 == 0 ? "Lyon" : "Paris";

    [Fact]
    public async Task A_view_joining_a_parquet_file_and_a_csv_file_previews_with_the_counts_of_the_written_data()
    {
        await ParquetSerializer.SerializeAsync(
            Legacy.Select(r => new Customer { CustomerNo = r.No, Address = new Address { City = r.City } }),
            Path.Combine(_folder, "legacy.parquet"), new Parquet.ParquetOptions { RowGroupSize = 8 });
        await File.WriteAllLinesAsync(Path.Combine(_folder, "platform.csv"), ["id,city", .. Platform.Select(r => $"{r.No},{r.City}")]);
        var (service, catalog) = Build();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var parquetSource = await service.CreateAsync(new SourceDraft($"legacy {suffix}", SourceKind.File,
            new Dictionary<string, string?> { [FileSettings.Path] = "legacy.parquet" }, new Dictionary<string, string?>()));
        var csvSource = await service.CreateAsync(new SourceDraft($"platform {suffix}", SourceKind.File,
            new Dictionary<string, string?> { [FileSettings.Path] = "platform.csv" }, new Dictionary<string, string?>()));
        var datasets = await catalog.ListDatasetsAsync();
        var legacy = datasets.Single(d => d.SourceId == parquetSource).QualifiedName;
        var platform = datasets.Single(d => d.SourceId == csvSource).QualifiedName;

        var report = await PreviewAsync(catalog, new ViewSpec($"Customers {suffix}", [new(legacy), new(platform)],
            [new(legacy, platform, [new JoinKey("CustomerNo", "id")])],
            [new("city", FieldType.Text)],
            [new("city", [new(new(legacy, "Address.City"), []), new(new(platform, "city"), [])])],
            []));

        var legacyKeys = Legacy.Where(c => c.No is not null).Select(c => c.No!).ToHashSet();
        var platformKeys = Platform.Select(c => c.No!).ToHashSet();
        var both = legacyKeys.Intersect(platformKeys).ToList();
        Assert.Equal(legacyKeys.Union(platformKeys).Count(), report.Keys);
        Assert.Equal(
            new Dictionary<string, long>
            {
                [$"{legacy}+{platform}"] = both.Count, [legacy] = legacyKeys.Except(platformKeys).Count(), [platform] = platformKeys.Except(legacyKeys).Count(),
            },
            report.Presence);
        Assert.Equal(new Dictionary<string, long> { [legacy] = Legacy.Length, [platform] = Platform.Length }, report.RowsScanned);
        Assert.Equal(Legacy.Count(c => c.No is null), report.NullKeys[legacy]);
        var repeated = Legacy.Where(c => c.No is not null).GroupBy(c => c.No).Where(g => g.Count() > 1).ToList();
        Assert.Equal(new DuplicateReport(repeated.Count, repeated.Sum(g => g.Count() - 1)), report.Duplicates[legacy]);
        var moved = both.Count(no => Legacy.Single(c => c.No == no).City != Platform.Single(c => c.No == no).City);
        Assert.True(moved > 0);
        Assert.Equal(moved, report.Fields.Single(f => f.Name == "city").Mismatches);
    }

    private (SourceService Service, DatasetCatalog Catalog) Build()
    {
        var services = new ServiceCollection();
        services.AddSingleton(db.DataSource);
        services.AddStoreDataProtection(MasterKey.FromBase64(Convert.ToBase64String(new byte[MasterKey.Length]), "the test"));
        var store = new SourceStore(db.DataSource, new SecretProtector(services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>()));
        var registry = new ConnectorRegistry([new FileConnector(new FileSourceRoots([_folder]))]);
        var audit = new AuditLog(db.DataSource, new SystemActor("tester"));
        return (new SourceService(db.DataSource, store, registry, audit, new LineageWriter(db.DataSource)), new DatasetCatalog(store, registry, audit));
    }

    private async Task<QualityReport> PreviewAsync(DatasetCatalog catalog, ViewSpec spec)
    {
        var actor = new SystemActor("tester");
        var audit = new AuditLog(db.DataSource, actor);
        var views = new ViewStore(db.DataSource, actor, audit);
        var saved = Assert.IsType<SaveOutcome.Saved>(await views.CreateAsync(spec));
        var service = new ViewPreviewService(views, catalog, catalog, new QualityPreviewRunner(new QualityRunStore(db.DataSource), audit, actor));
        var result = await service.RunAsync(saved.ViewId, useCache: false);
        return Assert.IsType<ViewPreviewResult.Succeeded>(result).Outcome.Report;
    }
}
