using Dapper;
using Npgsql;
using Workbench.Storage.Migrations;
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
            var versions = (await connection.QueryAsync<int>($"select version from {MigrationRunner.VersionTable}")).ToList();
            var files = MigrationCatalog.FromDirectory(RepoPaths.MigrationsDirectory).Files.Select(f => f.Version);
            Assert.Equal(files.Order(), versions.Order());
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
    public async Task Start_up_refuses_with_a_clear_message_when_an_applied_migration_was_edited()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("editedmigration");
        var folder = Directory.CreateTempSubdirectory("edited-").FullName;
        foreach (var file in Directory.GetFiles(RepoPaths.MigrationsDirectory, "*.sql"))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        var settings = new Dictionary<string, string> { ["Store:MigrationsDirectory"] = folder };
        await (await WorkbenchProcess.StartAsync(connectionString, settings)).DisposeAsync();

        await File.AppendAllTextAsync(Path.Combine(folder, "0001_foundation.sql"), "\n-- edited later\n");
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => WorkbenchProcess.StartAsync(connectionString, settings));

        Assert.Contains("0001_foundation.sql was edited after it was applied", error.Message);
        Assert.Contains("Workbench could not start", error.Message);
        Assert.DoesNotContain("Unhandled exception", error.Message);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Healthz_reports_the_store_and_its_schema_version()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("healthz");
        await using var app = await WorkbenchProcess.StartAsync(connectionString);
        using var http = new HttpClient();

        var body = await http.GetStringAsync(app.BaseUrl + "/healthz");

        var latest = MigrationCatalog.FromDirectory(RepoPaths.MigrationsDirectory).Files.Max(f => f.Version);
        Assert.Contains("\"status\":\"Healthy\"", body);
        Assert.Contains($"\"schemaVersion\":{latest}", body);
    }
}
