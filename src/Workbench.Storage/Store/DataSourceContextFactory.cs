using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Workbench.Storage.Store;

/// <summary>
/// Contexts over the store's data source, with the options every program uses, for classes built by hand (command-line
/// tools, tests) rather than by the container, which hands out its registered <see cref="IDbContextFactory{TContext}"/>.
/// </summary>
public sealed class DataSourceContextFactory(NpgsqlDataSource dataSource) : IDbContextFactory<WorkbenchDbContext>
{
    private readonly DbContextOptions<WorkbenchDbContext> options = WorkbenchDbContext.Options(dataSource);

    public WorkbenchDbContext CreateDbContext() => new(options);
}
