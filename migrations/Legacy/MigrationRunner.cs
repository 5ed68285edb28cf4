using Microsoft.Extensions.Logging;
using Npgsql;

namespace Workbench.Migrations.Legacy;

/// <summary>
/// Applies pending SQL schema files in order, each in its own transaction together with its version row (the way stores
/// were migrated before EF Core). The <see cref="StoreLock"/> serialises instances that start at the same time on one database.
/// </summary>
public sealed class MigrationRunner(NpgsqlDataSource dataSource, MigrationCatalog catalog, ILogger<MigrationRunner> logger)
{
    public const string VersionTable = "workbench_schema_version";

    /// <summary>
    /// The version row the baseline EF Core migration writes last. No SQL file has it, so an earlier workbench, which
    /// checks every row against its files, refuses the store with a sentence naming it.
    /// </summary>
    public const int HandedToEfCoreVersion = 1000;

    public const string HandedToEfCoreName = "1000_ef_core_migrations (this store is migrated by a newer workbench)";

    public const string VersionTableSql = $"""
        create table if not exists {VersionTable} (
            version    integer primary key,
            name       text not null,
            checksum   text not null,
            applied_at timestamptz not null default now()
        )
        """;

    /// <summary>A version row as SQL text, for the baseline migration (which cannot pass parameters to its SQL).</summary>
    public static string VersionRowSql(int version, string name, string checksum) =>
        $"insert into {VersionTable} (version, name, checksum) values ({version}, {Literal(name)}, {Literal(checksum)})";

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    public async Task<IReadOnlyList<MigrationFile>> ApplyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var held = await StoreLock.TakeAsync(connection, cancellationToken);
        return await ApplyPendingAsync(connection, cancellationToken);
    }

    /// <summary>Applies what is pending on <paramref name="connection"/>, whose session holds the <see cref="StoreLock"/>.</summary>
    public async Task<IReadOnlyList<MigrationFile>> ApplyPendingAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        // Raw Npgsql: the legacy version table is no part of the EF Core model, and its SQL files are plain scripts.
        await using (var create = new NpgsqlCommand(VersionTableSql, connection))
            await create.ExecuteNonQueryAsync(cancellationToken);

        var applied = new Dictionary<int, AppliedMigration>();
        await using (var select = new NpgsqlCommand($"select version, name, checksum from {VersionTable}", connection))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
                applied[reader.GetInt32(0)] = new AppliedMigration(reader.GetInt32(0), reader.GetString(1), reader.GetString(2));
        }

        VerifyApplied(applied);

        var pending = catalog.Files.Where(f => !applied.ContainsKey(f.Version)).ToList();
        foreach (var file in pending)
            await ApplyOneAsync(connection, file, cancellationToken);

        if (pending.Count == 0)
            logger.LogInformation("Store schema files are current at version {Version}", catalog.Files.LastOrDefault()?.Version ?? 0);
        return pending;
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
                    $"(applied checksum {Abbreviated(row.Checksum)}, file now {Abbreviated(file.Checksum)}). " +
                    "An applied migration must never change: restore the file as it was and put the change in a new migration file.");
        }
    }

    private static string Abbreviated(string checksum) => checksum.Length > 12 ? checksum[..12] + "…" : checksum;

    private async Task ApplyOneAsync(NpgsqlConnection connection, MigrationFile file, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using (var script = new NpgsqlCommand(file.Sql, connection, transaction))
                await script.ExecuteNonQueryAsync(cancellationToken);
            await using (var record = new NpgsqlCommand($"insert into {VersionTable} (version, name, checksum) values ($1, $2, $3)", connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = file.Version });
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = file.Name });
                record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = file.Checksum });
                await record.ExecuteNonQueryAsync(cancellationToken);
            }
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
