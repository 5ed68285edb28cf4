using Dapper;
using Npgsql;
using Workbench.Storage.Migrations;

namespace Workbench.Web.Hosting;

/// <summary>What the overview shows about the store.</summary>
public sealed class StoreStatus(NpgsqlDataSource dataSource)
{
    public sealed record Snapshot(string ServerVersion, int SchemaVersion, DateTimeOffset CheckedAt);

    public async Task<Snapshot> ReadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var version = await connection.ExecuteScalarAsync<int>(
            new CommandDefinition($"select coalesce(max(version), 0) from {MigrationRunner.VersionTable}", cancellationToken: cancellationToken));
        return new Snapshot($"PostgreSQL {connection.PostgreSqlVersion}", version, DateTimeOffset.UtcNow);
    }
}
