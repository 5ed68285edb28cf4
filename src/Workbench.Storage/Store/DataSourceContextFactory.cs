using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Workbench.Storage.Store;

/// <summary>
/// Contexts over the store's data source, with the options every program uses, for classes built by hand (command-line
/// tools, tests) rather than by the container, which hands out its registered <see cref="IDbContextFactory{TContext}"/>.
/// One pool per data source: a fresh context per operation costs several times the query it runs.
/// </summary>
public sealed class DataSourceContextFactory(NpgsqlDataSource dataSource) : IDbContextFactory<WorkbenchDbContext>
{
    private static readonly ConditionalWeakTable<NpgsqlDataSource, PooledDbContextFactory<WorkbenchDbContext>> Pools = new();

    private readonly PooledDbContextFactory<WorkbenchDbContext> pool =
        Pools.GetValue(dataSource, source => new PooledDbContextFactory<WorkbenchDbContext>(WorkbenchDbContext.Options(source)));

    public WorkbenchDbContext CreateDbContext() => pool.CreateDbContext();

    public Task<WorkbenchDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => pool.CreateDbContextAsync(cancellationToken);
}
