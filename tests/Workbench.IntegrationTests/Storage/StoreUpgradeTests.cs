using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Workbench.Migrations;
using Workbench.Migrations.Legacy;
using Workbench.Storage.Store;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Storage;

/// <summary>
/// Stores made by the SQL schema files of earlier versions open in this one with every row kept, and stores this build
/// cannot run stop start-up with one sentence.
/// </summary>
public sealed class StoreUpgradeTests
{
    /// <summary>The schema files of the last version that migrated with them alone.</summary>
    private static MigrationCatalog LastSqlOnlyRelease() => new(MigrationCatalog.Embedded().Files.Where(f => f.Version <= 8));

    private static readonly Dictionary<string, string> NoDemo = new() { ["Demo:SeedWhenEmpty"] = "false" };

    [Fact]
    public async Task A_store_made_by_the_schema_files_upgrades_on_the_first_start_with_every_row_kept()
    {
        var connectionString = await LegacyStoreAsync("upgrade");
        var before = await RowsByTableAsync(connectionString);
        Assert.All(before, table => Assert.True(table.Value.Count > 0, $"the fixture leaves {table.Key} empty"));
        Assert.Equal(18, before.Count);

        await using (var app = await WorkbenchProcess.StartAsync(connectionString, NoDemo))
        {
            using var http = new HttpClient();
            Assert.Contains($"\"schemaVersion\":\"{Baseline()}\"", await http.GetStringAsync(app.BaseUrl + "/healthz"));
        }

        var after = await RowsByTableAsync(connectionString);
        foreach (var (table, rows) in before)
        {
            var missing = rows.Except(after[table]).ToList();
            Assert.True(missing.Count == 0, $"{table} lost or changed rows on upgrade: {string.Join("; ", missing)}");
        }
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        Assert.Equal([Baseline()], await StringsAsync(connection, """select "MigrationId" from "__EFMigrationsHistory" """));
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8", "9", "1000"],
            await StringsAsync(connection, "select version::text as v from workbench_schema_version order by version"));
        // The guard the last schema file adds is in force on the upgraded store.
        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(connection, "truncate audit_event cascade"));
        Assert.Contains("never truncated", refused.MessageText);
    }

    [Fact]
    public async Task A_new_store_and_an_upgraded_one_have_the_same_schema()
    {
        var upgraded = await LegacyStoreAsync("sameschema");
        await using (var dataSource = NpgsqlDataSource.Create(upgraded))
            await new StoreMigrator(dataSource).MigrateAsync();
        var fresh = await TestPostgres.CreateDatabaseAsync("freshschema");
        await using (var dataSource = NpgsqlDataSource.Create(fresh))
            Assert.Equal([Baseline()], await new StoreMigrator(dataSource).MigrateAsync());

        Assert.Equal(await SchemaAsync(fresh), await SchemaAsync(upgraded));
    }

    [Theory]
    [InlineData(8, "0009_append_only_truncate.sql")]
    [InlineData(9, "1000_ef_core_migrations (this store is migrated by a newer workbench)")]
    public async Task An_earlier_version_refuses_a_store_migrated_by_this_one_with_a_sentence(int lastFile, string named)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("downgrade");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new StoreMigrator(dataSource).MigrateAsync();

        var files = new MigrationCatalog(MigrationCatalog.Embedded().Files.Where(f => f.Version <= lastFile));
        var earlier = new MigrationRunner(dataSource, files, NullLogger<MigrationRunner>.Instance);
        var error = await Assert.ThrowsAsync<MigrationException>(() => earlier.ApplyAsync());

        Assert.Equal($"The store has migration {named} applied, which this build of the workbench does not have. Run the build that applied it, or a newer one.", error.Message);
    }

    [Fact]
    public async Task A_store_newer_than_this_build_stops_start_up_with_one_sentence()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("newerstore");
        await using (var dataSource = NpgsqlDataSource.Create(connectionString))
        {
            await new StoreMigrator(dataSource).MigrateAsync();
            await using var connection = await dataSource.OpenConnectionAsync();
            await ExecuteAsync(connection, """insert into "__EFMigrationsHistory" values ('29991231000000_FromALaterBuild', '99.0.0')""");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => WorkbenchProcess.StartAsync(connectionString, NoDemo));

        Assert.Contains("Workbench could not start: The store is newer than this build of the workbench: it has migration 29991231000000_FromALaterBuild applied", error.Message);
        Assert.DoesNotContain("Unhandled exception", error.Message);
    }

    [Fact]
    public async Task A_store_whose_applied_schema_file_differs_stops_start_up_naming_the_file()
    {
        var connectionString = await LegacyStoreAsync("editedfile");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, "update workbench_schema_version set checksum = 'edited' where version = 1");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => WorkbenchProcess.StartAsync(connectionString, NoDemo));

        Assert.Contains("0001_foundation.sql was edited after it was applied", error.Message);
        Assert.DoesNotContain("Unhandled exception", error.Message);
    }

    [Fact]
    public async Task The_entity_model_and_the_migrations_agree()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("modelchanges");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var db = new WorkbenchDbContext(WorkbenchDbContext.Options(dataSource));

        // A model change without its migration: 'dotnet ef migrations add' is missing (README, "The store and its migrations").
        Assert.False(db.Database.HasPendingModelChanges());
    }

    private static string Baseline() => new WorkbenchDbContext(WorkbenchDbContext.Options(NpgsqlDataSource.Create("Host=unused")))
        .Database.GetMigrations().Single(id => id.EndsWith("_Baseline", StringComparison.Ordinal));

    /// <summary>A store as the last SQL-only version left it: its schema files applied, every table filled.</summary>
    private static async Task<string> LegacyStoreAsync(string hint)
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync(hint);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await new MigrationRunner(dataSource, LastSqlOnlyRelease(), NullLogger<MigrationRunner>.Instance).ApplyAsync();
        await using var connection = await dataSource.OpenConnectionAsync();
        await ExecuteAsync(connection, await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Storage", "Fixtures", "legacy-store-rows.sql")));
        return connectionString;
    }

    /// <summary>Every row of every table of the schema (the migration bookkeeping aside), as jsonb text.</summary>
    private static async Task<Dictionary<string, HashSet<string>>> RowsByTableAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = await StringsAsync(connection, """
            select table_name from information_schema.tables
            where table_schema = 'public' and table_type = 'BASE TABLE'
              and table_name not in ('workbench_schema_version', '__EFMigrationsHistory')
            """);
        var rows = new Dictionary<string, HashSet<string>>();
        foreach (var table in tables)
            rows[table] = (await StringsAsync(connection, $"select to_jsonb(t)::text from public.\"{table}\" t")).ToHashSet();
        return rows;
    }

    /// <summary>Tables, columns, constraints, indexes and triggers, in a comparable form.</summary>
    private static async Task<List<string>> SchemaAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await StringsAsync(connection, """
            select 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
              from information_schema.columns where table_schema = 'public'
            union all
            select 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
              from pg_constraint where connamespace = 'public'::regnamespace
            union all
            select 'index ' || indexdef from pg_indexes where schemaname = 'public'
            union all
            select 'trigger ' || tgrelid::regclass || ' ' || pg_get_triggerdef(oid)
              from pg_trigger where not tgisinternal
            order by 1
            """);
    }

    private static async Task<List<string>> StringsAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
            values.Add(reader.GetString(0));
        return values;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
