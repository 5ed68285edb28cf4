using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using MongoDB.Driver;
using Npgsql;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Mongo;
using Workbench.Connectors.Postgres;
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
/// A stored view joining a MongoDB collection (the MongoDB emulator) with a PostgreSQL table, previewed by the
/// service over both real sources; every expected figure is worked out from the rows the test inserts.
/// </summary>
public sealed class MongoViewPreviewTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    private sealed record Customer(string? No, string City);

    /// <summary>Legacy customers: C001..C040, every tenth without a number, C005 and C006 twice (not in PostgreSQL).</summary>
    private static readonly Customer[] Legacy =
    [
        .. Enumerable.Range(1, 40).Select(i => new Customer(i % 10 == 0 ? null : $"C{i:000}", City(i))),
        new Customer("C005", "Paris"),
        new Customer("C006", "Lyon"),
    ];

    /// <summary>New platform: C021..C050; every seventh moved to Nice.</summary>
    private static readonly Customer[] Platform =
        Enumerable.Range(21, 30).Select(i => new Customer($"C{i:000}", i % 7 == 0 ? "Nice" : City(i))).ToArray();

    private static string City(int i) => i % 2 == 0 ? "Lyon" : "Paris";

    [Fact]
    public async Task A_view_joining_a_mongodb_collection_and_a_postgresql_table_previews_with_the_counts_of_the_inserted_data()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (service, catalog) = Build();
        var mongoSource = await service.CreateAsync(new SourceDraft($"legacy crm {suffix}", SourceKind.MongoDb, await MongoCustomersAsync(suffix), new Dictionary<string, string?>()));
        var pgSource = await service.CreateAsync(new SourceDraft($"platform {suffix}", SourceKind.PostgreSql, await PostgresCustomersAsync(suffix),
            new Dictionary<string, string?> { [PostgresSettings.Password] = new NpgsqlConnectionStringBuilder(db.ConnectionString).Password }));
        var datasets = await catalog.ListDatasetsAsync();
        var legacy = datasets.Single(d => d.SourceId == mongoSource).QualifiedName;
        var platform = datasets.Single(d => d.SourceId == pgSource).QualifiedName;

        var report = await PreviewAsync(catalog, new ViewSpec($"Customers {suffix}", [new(legacy), new(platform)],
            [new(legacy, platform, [new JoinKey("customer_no", "id")])],
            [new("city", FieldType.Text)],
            [new("city", [new(new(legacy, "address.city"), []), new(new(platform, "city"), [])])],
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

    /// <summary>The customers as documents with the city nested in an address, in a database of their own.</summary>
    private static async Task<Dictionary<string, string?>> MongoCustomersAsync(string suffix)
    {
        var database = $"crm_{suffix}";
        var collection = new MongoClient(await TestMongo.ConnectionStringAsync()).GetDatabase(database).GetCollection<BsonDocument>("customers");
        await collection.InsertManyAsync(Legacy.Select(c =>
        {
            var document = new BsonDocument { ["name"] = "someone", ["address"] = new BsonDocument { ["city"] = c.City, ["country"] = "FR" } };
            if (c.No is not null)
                document["customer_no"] = c.No;
            return document;
        }));
        return new()
        {
            [MongoSettings.Host] = TestMongo.Host, [MongoSettings.Port] = (await TestMongo.PortAsync()).ToString(),
            [MongoSettings.Database] = database, [CommonSettings.TimeoutSeconds] = "5",
        };
    }

    private async Task<Dictionary<string, string?>> PostgresCustomersAsync(string suffix)
    {
        var schema = $"platform_{suffix}";
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync($"create schema {schema}; create table {schema}.customers (id text, city text)");
            await connection.ExecuteAsync($"insert into {schema}.customers values (@No, @City)", Platform);
        }
        var target = new NpgsqlConnectionStringBuilder(db.ConnectionString);
        return new()
        {
            [PostgresSettings.Host] = target.Host, [PostgresSettings.Port] = target.Port.ToString(), [PostgresSettings.Database] = target.Database,
            [PostgresSettings.User] = target.Username, [PostgresSettings.SslMode] = "Disable", [PostgresSettings.Schemas] = schema,
        };
    }

    private (SourceService Service, DatasetCatalog Catalog) Build()
    {
        var services = new ServiceCollection();
        services.AddSingleton(db.DataSource);
        services.AddStoreDataProtection(MasterKey.FromBase64(Convert.ToBase64String(new byte[MasterKey.Length]), "the test"));
        var store = new SourceStore(db.DataSource, new SecretProtector(services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>()));
        var registry = new ConnectorRegistry([new PostgresConnector(), new MongoConnector()]);
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
