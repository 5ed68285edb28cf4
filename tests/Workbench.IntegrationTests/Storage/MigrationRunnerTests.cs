using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Workbench.Migrations;
using Workbench.Migrations.Legacy;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Storage;

public sealed class MigrationRunnerTests : IAsyncLifetime
{
    private string _connectionString = "";
    private NpgsqlDataSource _dataSource = null!;
    private string _folder = "";

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync(nameof(MigrationRunnerTests));
        _dataSource = NpgsqlDataSource.Create(_connectionString);
        _folder = Directory.CreateTempSubdirectory("migrations-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_folder, "0001_first.sql"), "create table first_thing (id int primary key);");
        await File.WriteAllTextAsync(Path.Combine(_folder, "0002_second.sql"), "create table second_thing (id int primary key);\ninsert into second_thing values (1);");
    }

    private MigrationRunner Runner(NpgsqlDataSource? dataSource = null) =>
        new(dataSource ?? _dataSource, MigrationCatalog.FromDirectory(_folder), NullLogger<MigrationRunner>.Instance);

    [Fact]
    public async Task Applies_every_file_in_order_once_and_records_its_checksum()
    {
        var applied = await Runner().ApplyAsync();
        var again = await Runner().ApplyAsync();

        Assert.Equal(["0001_first.sql", "0002_second.sql"], applied.Select(f => f.Name));
        Assert.Empty(again);
        var rows = (await _dataSource.OpenConnection().QueryAsync<(int Version, string Checksum)>(
            $"select version, checksum from {MigrationRunner.VersionTable} order by version")).ToList();
        Assert.Equal([1, 2], rows.Select(r => r.Version));
        Assert.Equal(MigrationFile.ChecksumOf(await File.ReadAllTextAsync(Path.Combine(_folder, "0001_first.sql"))), rows[0].Checksum);
    }

    [Fact]
    public async Task Runners_starting_together_apply_each_file_exactly_once()
    {
        // Separate data sources: separate sessions, as separate instances would have.
        var sources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(_connectionString)).ToList();
        var results = await Task.WhenAll(sources.Select(s => Runner(s).ApplyAsync()));

        Assert.Equal(2, results.Sum(r => r.Count));
        var count = await _dataSource.OpenConnection().ExecuteScalarAsync<int>("select count(*) from second_thing");
        Assert.Equal(1, count);
        foreach (var s in sources)
            await s.DisposeAsync();
    }

    [Fact]
    public async Task An_applied_file_that_was_edited_stops_with_a_clear_message()
    {
        await Runner().ApplyAsync();
        await File.AppendAllTextAsync(Path.Combine(_folder, "0001_first.sql"), "\n-- a later edit\n");

        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner().ApplyAsync());

        Assert.Contains("0001_first.sql was edited after it was applied", error.Message);
        Assert.Contains("new migration file", error.Message);
    }

    [Fact]
    public async Task A_failing_file_is_rolled_back_whole_and_not_recorded()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "0003_broken.sql"), "create table third_thing (id int);\nselect no_such_function();");

        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner().ApplyAsync());

        Assert.Contains("0003_broken.sql failed and was rolled back", error.Message);
        await using var connection = _dataSource.OpenConnection();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*) from information_schema.tables where table_name = 'third_thing'"));
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>($"select count(*) from {MigrationRunner.VersionTable}"));
    }

    [Fact]
    public void Line_endings_do_not_change_the_checksum() =>
        Assert.Equal(MigrationFile.ChecksumOf("a;\nb;\n"), MigrationFile.ChecksumOf("a;\r\nb;\r\n"));

    public async Task DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
