using Microsoft.EntityFrameworkCore;
using Npgsql;
using Workbench.Migrations.Legacy;
using Workbench.Storage.Store;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Storage;

/// <summary>The real workbench program, started as processes against one test database.</summary>
public sealed class AppStartupTests
{
    [Fact]
    public async Task Two_instances_starting_at_once_on_an_empty_store_apply_each_migration_once()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("twoinstances");

        var instances = await Task.WhenAll(WorkbenchProcess.StartAsync(connectionString), WorkbenchProcess.StartAsync(connectionString));
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            var applied = (await connection.QueryAsync<string>($"""select "MigrationId" from "{StoreSchema.HistoryTable}" """)).ToList();
            Assert.Equal(KnownMigrations().Order(), applied.Order());
            var files = (await connection.QueryAsync<int>($"select version from {MigrationRunner.VersionTable} where version < 1000")).ToList();
            Assert.Equal(MigrationCatalog.Embedded().Files.Select(f => f.Version).Order(), files.Order());
            // Hangfire's schema, installed after the migrations under the same lock: once, at its newest version.
            Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("select count(*) from hangfire.schema"));
            Assert.True(await connection.ExecuteScalarAsync<int>("select max(version) from hangfire.schema") >= 20);
            using var http = new HttpClient();
            foreach (var instance in instances)
                Assert.Contains("\"Healthy\"", await http.GetStringAsync(instance.BaseUrl + "/healthz"));
        }
        finally
        {
            foreach (var instance in instances)
                await instance.DisposeAsync();
        }
    }

    [Fact]
    public async Task Healthz_reports_the_store_and_its_schema_version()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("healthz");
        await using var app = await WorkbenchProcess.StartAsync(connectionString);
        using var http = new HttpClient();

        var body = await http.GetStringAsync(app.BaseUrl + "/healthz");

        Assert.Contains("\"status\":\"Healthy\"", body);
        Assert.Contains($"\"schemaVersion\":\"{KnownMigrations().Last()}\"", body);
    }

    private static List<string> KnownMigrations()
    {
        using var db = new WorkbenchDbContext(WorkbenchDbContext.Options(NpgsqlDataSource.Create("Host=unused")));
        return db.Database.GetMigrations().ToList();
    }
}
