using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Workbench.Storage.Migrations;

/// <summary>
/// Applies pending migration files in order, each in its own transaction together with its version row.
/// A session advisory lock serialises instances that start at the same time on one database.
/// </summary>
public sealed class MigrationRunner(NpgsqlDataSource dataSource, MigrationCatalog catalog, ILogger<MigrationRunner> logger)
{
    /// <summary>Arbitrary but fixed: every workbench instance takes the same lock.</summary>
    private const long AdvisoryLockKey = 0x57_6F_72_6B_62_65_6E; // "Workben"

    public const string VersionTable = "workbench_schema_version";

    public async Task<IReadOnlyList<MigrationFile>> ApplyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_lock(@key)", new { key = AdvisoryLockKey }, cancellationToken: cancellationToken));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition($"""
                create table if not exists {VersionTable} (
                    version    integer primary key,
                    name       text not null,
                    checksum   text not null,
                    applied_at timestamptz not null default now()
                )
                """, cancellationToken: cancellationToken));

            var applied = (await connection.QueryAsync<AppliedMigration>(new CommandDefinition(
                    $"select version as Version, name as Name, checksum as Checksum from {VersionTable}", cancellationToken: cancellationToken)))
                .ToDictionary(m => m.Version);

            VerifyApplied(applied);

            var pending = catalog.Files.Where(f => !applied.ContainsKey(f.Version)).ToList();
            foreach (var file in pending)
                await ApplyOneAsync(connection, file, cancellationToken);

            if (pending.Count == 0)
                logger.LogInformation("Store schema is current at version {Version}", catalog.Files.LastOrDefault()?.Version ?? 0);
            return pending;
        }
        finally
        {
            // The lock belongs to the session; a broken connection releases it on its own.
            if (connection.State == System.Data.ConnectionState.Open)
                await connection.ExecuteAsync("select pg_advisory_unlock(@key)", new { key = AdvisoryLockKey });
        }
    }

    private void VerifyApplied(IReadOnlyDictionary<int, AppliedMigration> applied)
    {
        var known = catalog.Files.ToDictionary(f => f.Version);
        foreach (var row in applied.Values.OrderBy(r => r.Version))
        {
            if (!known.TryGetValue(row.Version, out var file))
                throw new MigrationException(
                    $"The store has migration {row.Name} applied, which this build of the workbench does not have. " +
                    "Run the build that applied it, or a newer one.");
            if (!string.Equals(file.Checksum, row.Checksum, StringComparison.Ordinal))
                throw new MigrationException(
                    $"Migration {file.Name} was edited after it was applied to this store " +
                    $"(applied checksum {row.Checksum[..12]}…, file now {file.Checksum[..12]}…). " +
                    "An applied migration must never change: restore the file as it was and put the change in a new migration file.");
        }
    }

    private async Task ApplyOneAsync(NpgsqlConnection connection, MigrationFile file, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(file.Sql, transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                $"insert into {VersionTable} (version, name, checksum) values (@Version, @Name, @Checksum)",
                file, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Applied migration {Migration}", file.Name);
        }
        catch (PostgresException ex)
        {
            throw new MigrationException($"Migration {file.Name} failed and was rolled back: {ex.MessageText}", ex);
        }
    }

    private sealed record AppliedMigration(int Version, string Name, string Checksum);
}
