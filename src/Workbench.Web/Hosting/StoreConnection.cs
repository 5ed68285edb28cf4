using Npgsql;
using Workbench.Storage;
using Workbench.Storage.Embedded;
using Workbench.Storage.Migrations;

namespace Workbench.Web.Hosting;

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
        var configured = configuration.GetConnectionString("Workbench");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            logger.LogInformation("Using the configured store {Host}:{Port}/{Database}",
                new NpgsqlConnectionStringBuilder(configured).Host, new NpgsqlConnectionStringBuilder(configured).Port,
                new NpgsqlConnectionStringBuilder(configured).Database);
            return new StoreConnection(NpgsqlDataSource.Create(configured), null);
        }

        var options = configuration.GetSection(StoreOptions.Section).Get<StoreOptions>() ?? new StoreOptions();
        var cluster = new PostgresCluster(options.Embedded, logger);
        try
        {
            var connectionString = await cluster.StartAsync();
            return new StoreConnection(NpgsqlDataSource.Create(connectionString), cluster);
        }
        catch
        {
            await cluster.StopAsync();
            throw;
        }
    }

    public static MigrationCatalog Catalog(IConfiguration configuration)
    {
        var directory = configuration[$"{StoreOptions.Section}:{nameof(StoreOptions.MigrationsDirectory)}"];
        return string.IsNullOrWhiteSpace(directory) ? MigrationCatalog.Default() : MigrationCatalog.FromDirectory(directory);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        if (_cluster is not null)
            await _cluster.StopAsync();
    }
}
