using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Workbench.Storage.Health;

/// <summary>Healthy when the store answers a query and its schema version is known.</summary>
public sealed class StoreHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand(
                $"select coalesce(max(version), 0) from {Migrations.MigrationRunner.VersionTable}");
            var version = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
            return HealthCheckResult.Healthy("store reachable", new Dictionary<string, object> { ["schemaVersion"] = version });
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("store unreachable: " + ex.Message);
        }
    }
}
