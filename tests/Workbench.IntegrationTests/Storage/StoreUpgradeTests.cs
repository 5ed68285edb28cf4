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
            Assert.Contains($"\"schemaVersion\":\"{Known()[^1]}\"", await http.GetStringAsync(app.BaseUrl + "/healthz"));
        }

        var after = await RowsByTableAsync(connectionString);
        foreach (var (table, rows) in before)
        {
            var missing = rows.Except(after[table]).ToList();
            Assert.True(missing.Count == 0, $"{table} lost or changed rows on upgrade: {string.Join("; ", missing)}");
        }
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        Assert.Equal(Known(), await StringsAsync(connection, """select "MigrationId" from "__EFMigrationsHistory" order by 1 """));
        // The queue's columns that the move to Hangfire renamed kept their values (the fixture's finished jobs have none).
        Assert.Equal(["66666666-6666-4666-8666-666666666666 ", "55555555-5555-4555-8555-555555555555 "],
            await StringsAsync(connection, "select key || ' ' || coalesce(worker, '') || coalesce(dispatch_id, '') from job order by key desc"));
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8", "9", "1000"],
            await StringsAsync(connection, "select version::text as v from workbench_schema_version order by version"));
        // Every view of the earlier store is live after the upgrade.
        Assert.Equal(["0"], await StringsAsync(connection, "select count(*)::text from view_definition where dissolved_at is not null or dissolved_by is not null or dissolve_reason is not null"));
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
            Assert.Equal(Known(), await new StoreMigrator(dataSource).MigrateAsync());

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
    public async Task Jobs_the_old_queue_held_run_on_hangfire_after_the_upgrade()
    {
        var connectionString = await LegacyStoreAsync("upgradejobs");
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            // Enqueued and never run; and one whose worker died mid-run, its lease long expired and its attempt open.
            await ExecuteAsync(connection, """
                create table old_src as select generate_series(1, 5000) as id;
                create table old_dst_a (id int);
                create table old_dst_b (id int);
                insert into job (kind, label, payload, state, attempts, max_attempts, run_at, created_by) values
                  ('table-copy', 'waiting', '{"source": {"schema": "public", "name": "old_src"}, "destination": {"schema": "public", "name": "old_dst_a"}}',
                   'enqueued', 0, 5, now() - interval '1 hour', 'sam');
                insert into job (kind, label, payload, state, attempts, max_attempts, run_at, lease_owner, lease_expires_at, created_by) values
                  ('table-copy', 'orphaned', '{"source": {"schema": "public", "name": "old_src"}, "destination": {"schema": "public", "name": "old_dst_b"}}',
                   'processing', 1, 5, now() - interval '1 hour', 'gone-host:1/1', now() - interval '50 minutes', 'sam');
                insert into job_attempt (job_id, attempt, worker, outcome) select id, 1, 'gone-host:1/1', 'running' from job where label = 'orphaned';
                """);
        }

        await using var app = await WorkbenchProcess.StartAsync(connectionString, new Dictionary<string, string>(NoDemo) { ["Jobs:PollIntervalMs"] = "200" });

        await using var check = new NpgsqlConnection(connectionString);
        await check.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        List<string> states;
        do
        {
            await Task.Delay(100);
            states = await StringsAsync(check, "select label || ' ' || state from job where kind = 'table-copy' order by label");
        }
        while (states.Any(s => !s.EndsWith(" succeeded", StringComparison.Ordinal) && !s.EndsWith(" failed", StringComparison.Ordinal)) && DateTime.UtcNow < deadline);
        Assert.True(states.SequenceEqual(["orphaned succeeded", "waiting succeeded"]), $"{string.Join(", ", states)}\n{app.Output}");
        Assert.Equal(["5000 5000"], await StringsAsync(check, "select (select count(*) from old_dst_a) || ' ' || (select count(*) from old_dst_b)"));
        Assert.Equal(["orphaned abandoned", "orphaned succeeded", "waiting succeeded"], await StringsAsync(check,
            "select j.label || ' ' || a.outcome from job_attempt a join job j on j.id = a.job_id where j.kind = 'table-copy' order by j.label, a.id"));
        Assert.Equal(["2"], await StringsAsync(check, "select count(*)::text from job where kind = 'table-copy' and dispatch_id is not null"));
    }

    [Fact]
    public async Task The_entity_model_and_the_migrations_agree()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("modelchanges");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var db = new WorkbenchDbContext(WorkbenchDbContext.Options(dataSource));

        // A model change without its migration: 'dotnet ef migrations add' is missing (docs/contributing.md, "Adding a migration").
        Assert.False(db.Database.HasPendingModelChanges());
    }

    private static List<string> Known() => new WorkbenchDbContext(WorkbenchDbContext.Options(NpgsqlDataSource.Create("Host=unused")))
        .Database.GetMigrations().Order(StringComparer.Ordinal).ToList();

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
            // The job queue's own columns went with the move to Hangfire (lease_owner is now worker, checked apart); a
            // view's dissolution came later (null on an upgraded store, checked apart).
            rows[table] = (await StringsAsync(connection,
                $"select (to_jsonb(t) - 'lease_owner' - 'lease_expires_at' - 'worker' - 'dispatch_id' - 'dissolved_at' - 'dissolved_by' - 'dissolve_reason')::text from public.\"{table}\" t")).ToHashSet();
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
