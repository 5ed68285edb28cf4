using System.Globalization;
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
/// A stored view joining a MongoDB collection (the MongoDB emulator) with a PostgreSQL table, previewed by the
/// service over both real sources; every expected figure is worked out from the rows the test inserts.
/// </summary>
public sealed class MongoViewPreviewTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    private static IReadOnlyList<CustomerRow> Legacy => CustomerJoinExpectations.Legacy;

    private static IReadOnlyList<CustomerRow> Platform => CustomerJoinExpectations.Platform;

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

        CustomerJoinExpectations.Check(report, legacy, platform);
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
            [MongoSettings.Host] = TestMongo.Host, [MongoSettings.Port] = (await TestMongo.PortAsync()).ToString(CultureInfo.InvariantCulture),
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
            [PostgresSettings.Host] = target.Host, [PostgresSettings.Port] = target.Port.ToString(CultureInfo.InvariantCulture), [PostgresSettings.Database] = target.Database,
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
