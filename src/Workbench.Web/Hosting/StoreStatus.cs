using Npgsql;
using Workbench.Storage.Store;

namespace Workbench.Web.Hosting;

/// <summary>What the overview shows about the store.</summary>
public sealed class StoreStatus(NpgsqlDataSource dataSource)
{
    public sealed record Snapshot(string ServerVersion, string SchemaVersion, DateTimeOffset CheckedAt);

    public async Task<Snapshot> ReadAsync(CancellationToken cancellationToken = default)
    {
        var version = await StoreSchema.LatestMigrationAsync(dataSource, cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return new Snapshot($"PostgreSQL {connection.PostgreSqlVersion}", version, DateTimeOffset.UtcNow);
    }
}
