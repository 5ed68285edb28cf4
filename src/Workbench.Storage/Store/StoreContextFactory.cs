using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Workbench.Storage.Store;

/// <summary>
/// Contexts on a data source for code that is built outside the service container (the CLI, tests, benchmarks);
/// the web app registers the same options through <c>AddDbContextFactory</c>.
/// </summary>
public sealed class StoreContextFactory(NpgsqlDataSource dataSource) : IDbContextFactory<WorkbenchDbContext>
{
    private readonly DbContextOptions<WorkbenchDbContext> _options = WorkbenchDbContext.Options(dataSource);

    public WorkbenchDbContext CreateDbContext() => new(_options);
}
