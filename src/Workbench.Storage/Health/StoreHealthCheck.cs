using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Workbench.Storage.Store;

namespace Workbench.Storage.Health;

/// <summary>Healthy when the store answers a query and its schema version is known.</summary>
public sealed class StoreHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var version = await StoreSchema.LatestMigrationAsync(dataSource, cancellationToken);
            return HealthCheckResult.Healthy("store reachable", new Dictionary<string, object> { ["schemaVersion"] = version });
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("store unreachable: " + ex.Message);
        }
    }
}
