using Npgsql;

namespace Workbench.Storage.Store;

/// <summary>Which migration the store's schema is at, as the health check and the overview report it.</summary>
public static class StoreSchema
{
    /// <summary>EF Core's history table (its default name, which the workbench keeps).</summary>
    public const string HistoryTable = "__EFMigrationsHistory";

    /// <summary>The id of the last migration applied (e.g. <c>20261203090000_Baseline</c>), or "none".</summary>
    public static async Task<string> LatestMigrationAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        // Raw Npgsql: the health check must answer even while a DbContext could not be built.
        await using var command = dataSource.CreateCommand($"""select max("MigrationId") from "{HistoryTable}" """);
        return await command.ExecuteScalarAsync(cancellationToken) as string ?? "none";
    }
}
