using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Parquet.Serialization;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Files;
using Workbench.Core.Mapping;
using Workbench.Core.Schema;
using Workbench.Core.Sources;
using Workbench.Engine.Quality.Model;
using Workbench.Application.Audit;
using Workbench.Application.Lineage;
using Workbench.Application.Mapping;
using Workbench.Application.Quality;
using Workbench.Storage.Secrets;
using Workbench.Application.Sources;
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

    private static IReadOnlyList<CustomerRow> Legacy => CustomerJoinExpectations.Legacy;

    private static IReadOnlyList<CustomerRow> Platform => CustomerJoinExpectations.Platform;

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

        CustomerJoinExpectations.Check(report, legacy, platform);
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
