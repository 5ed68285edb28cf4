using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;
using Workbench.Storage;
using Workbench.Storage.Embedded;

namespace Workbench.Storage;

/// <summary>
/// The workbench's own database: the configured server when <c>ConnectionStrings:Workbench</c> is set,
/// otherwise a private cluster started here and stopped when the workbench stops.
/// </summary>
public sealed class StoreConnection : IAsyncDisposable
{
    private readonly PostgresCluster? _cluster;

    private StoreConnection(NpgsqlDataSource dataSource, PostgresCluster? cluster)
    {
        DataSource = dataSource;
        _cluster = cluster;
    }

    public NpgsqlDataSource DataSource { get; }

    public bool IsEmbedded => _cluster is not null;

    public static async Task<StoreConnection> OpenAsync(IConfiguration configuration, ILogger logger)
    {
        var options = configuration.GetSection(StoreOptions.Section).Get<StoreOptions>() ?? new StoreOptions();
        if (options.MaxPoolSize < 1)
            throw new StoreUnavailableException($"{StoreOptions.Section}:{nameof(StoreOptions.MaxPoolSize)} must be 1 or more.");
        var configured = configuration.GetConnectionString("Workbench");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var target = new NpgsqlConnectionStringBuilder(configured);
            logger.LogInformation("Using the configured store {Host}:{Port}/{Database}", target.Host, target.Port, target.Database);
            return new StoreConnection(Pool(configured, options), null);
        }

        PostgresCluster? cluster = null;
        try
        {
            cluster = new PostgresCluster(options.Embedded, logger);
            var connectionString = await cluster.StartAsync();
            return new StoreConnection(Pool(connectionString, options), cluster);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or TimeoutException or NpgsqlException)
        {
            if (cluster is not null)
                await cluster.StopAsync();
            throw new StoreUnavailableException($"The embedded PostgreSQL store could not be opened: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The store's pool, of <see cref="StoreOptions.MaxPoolSize"/> connections whatever the connection string says,
    /// so one setting bounds what the workbench takes of the server.
    /// </summary>
    private static NpgsqlDataSource Pool(string connectionString, StoreOptions options)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.MaxPoolSize = options.MaxPoolSize;
        builder.ConnectionStringBuilder.MinPoolSize = Math.Min(builder.ConnectionStringBuilder.MinPoolSize, options.MaxPoolSize);
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        if (_cluster is not null)
            await _cluster.StopAsync();
    }
}
