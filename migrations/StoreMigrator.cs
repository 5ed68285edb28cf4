using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Workbench.Migrations.History;
using Workbench.Migrations.Legacy;
using Workbench.Storage.Store;

namespace Workbench.Migrations;

/// <summary>
/// Brings the store to this build's schema at start-up, under the <see cref="StoreLock"/>:
/// a store made by the SQL files of earlier versions gets the files it lacks and is then handed to EF Core (its
/// baseline recorded as applied, since those files are the baseline); then EF Core applies what is pending. A store
/// that is newer than this build, or whose history is not a prefix of this build's, stops start-up with one sentence.
/// </summary>
public sealed class StoreMigrator(NpgsqlDataSource dataSource, ILogger<StoreMigrator>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<StoreMigrator>.Instance;

    /// <summary>The migrations applied by this call, oldest first.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var held = await StoreLock.TakeAsync(connection, cancellationToken);
        await using var db = new WorkbenchDbContext(WorkbenchDbContext.Options(dataSource));

        if (await TableExistsAsync(connection, MigrationRunner.VersionTable, cancellationToken)
            && !await TableExistsAsync(connection, StoreSchema.HistoryTable, cancellationToken))
            await HandOverLegacyStoreAsync(connection, db, cancellationToken);

        var known = db.Database.GetMigrations().ToList();
        var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
        if (applied.FirstOrDefault(id => !known.Contains(id)) is { } unknown)
            throw new MigrationException(
                $"The store is newer than this build of the workbench: it has migration {unknown} applied, which this build does not know. Run the build that applied it, or a newer one.");
        if (!applied.SequenceEqual(known.Take(applied.Count)))
            throw new MigrationException(
                $"The store's migration history ({string.Join(", ", applied)}) is not the start of this build's ({string.Join(", ", known)}): it was half-migrated or migrated by another branch. Restore it from a backup.");

        var pending = known.Skip(applied.Count).ToList();
        if (pending.Count > 0)
        {
            await db.Database.MigrateAsync(cancellationToken);
            foreach (var id in pending)
                _logger.LogInformation("Applied migration {Migration}", id);
        }
        else
        {
            _logger.LogInformation("Store schema is current at {Migration}", applied.LastOrDefault() ?? "none");
        }
        return pending;
    }

    /// <summary>
    /// A store of an earlier version: its SQL files are checked and completed as that version did, then the baseline
    /// (which is exactly those files) is recorded as applied, in one transaction with the marker row an earlier
    /// version refuses.
    /// </summary>
    private async Task HandOverLegacyStoreAsync(NpgsqlConnection connection, WorkbenchDbContext db, CancellationToken cancellationToken)
    {
        var runner = new MigrationRunner(dataSource, MigrationCatalog.Embedded(), NullLogger<MigrationRunner>.Instance);
        foreach (var file in await runner.ApplyPendingAsync(connection, cancellationToken))
            _logger.LogInformation("Applied schema file {File} to a store made by an earlier version", file.Name);

        var history = db.GetService<IHistoryRepository>();
        var baseline = db.Database.GetMigrations().First();
        if (!baseline.EndsWith("_" + nameof(Baseline), StringComparison.Ordinal))
            throw new InvalidOperationException($"The first migration must be the baseline, not {baseline}.");
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var sql in new[]
                 {
                     history.GetCreateIfNotExistsScript(),
                     history.GetInsertScript(new HistoryRow(baseline, ProductInfo.GetVersion())),
                     MigrationRunner.VersionRowSql(MigrationRunner.HandedToEfCoreVersion, MigrationRunner.HandedToEfCoreName, "ef-core"),
                 })
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        _logger.LogInformation("The store of an earlier version is now migrated by EF Core from {Migration}", baseline);
    }

    private static async Task<bool> TableExistsAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select to_regclass($1) is not null", connection)
        {
            Parameters = { new() { Value = "\"" + table + "\"" } },
        };
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
