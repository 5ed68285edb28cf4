using Hangfire;
using Hangfire.PostgreSql;
using Npgsql;

namespace Workbench.Application.Jobs;

/// <summary>Hangfire's storage: its own schema in the workbench's database, reached through the store's one data source.</summary>
public static class HangfireStore
{
    /// <summary>
    /// Sliding invisibility with a short timeout: a job whose server died is fetched again after the timeout, and a
    /// live server keeps extending it, so a long job never starts twice. The schema is installed at start-up under the
    /// store's migration lock (<see cref="Install"/>), not by Hangfire on its own.
    /// </summary>
    public static PostgreSqlStorageOptions Options(JobOptions options) => new()
    {
        SchemaName = options.HangfireSchema,
        PrepareSchemaIfNecessary = false,
        UseSlidingInvisibilityTimeout = true,
        InvisibilityTimeout = options.InvisibilityTimeout,
        QueuePollInterval = options.PollInterval,
        EnableLongPolling = true,
    };

    /// <summary>How jobs are written into Hangfire's tables; every process that enqueues or runs them uses the same.</summary>
    public static IGlobalConfiguration UseWorkbenchSerialization(this IGlobalConfiguration configuration) => configuration
        .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
        .UseSimpleAssemblyNameTypeSerializer()
        .UseRecommendedSerializerSettings();

    public static PostgreSqlStorage Storage(NpgsqlDataSource dataSource, JobOptions options) =>
        new(new DataSourceConnectionFactory(dataSource), Options(options));

    /// <summary>Creates or upgrades Hangfire's schema; the caller holds the store's migration lock.</summary>
    public static void Install(NpgsqlConnection connection, JobOptions options) =>
        PostgreSqlObjectsInstaller.Install(connection, options.HangfireSchema);

    /// <summary>Hangfire's connections come from the store's data source (its pool and settings), closed; Hangfire opens and disposes them.</summary>
    private sealed class DataSourceConnectionFactory(NpgsqlDataSource dataSource) : IConnectionFactory
    {
        public NpgsqlConnection GetOrCreateConnection() => dataSource.CreateConnection();
    }
}
