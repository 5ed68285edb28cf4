using Microsoft.EntityFrameworkCore;
using Npgsql;
using Workbench.Storage.Store;

namespace Workbench.Application.Overview;

/// <summary>The state of the migration at a glance, for the overview page: one round trip of counts.</summary>
public sealed class OverviewFigures(NpgsqlDataSource dataSource, IDbContextFactory<WorkbenchDbContext>? contexts = null)
{
    private readonly IDbContextFactory<WorkbenchDbContext> contexts = contexts ?? new DataSourceContextFactory(dataSource);

    public sealed record Figures(
        long Sources, long Datasets, long Views, long AwaitingApproval, long Approved,
        long Previews, long ActiveJobs, long FailedJobs, long LineageNodes);

    public async Task<Figures> ReadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Raw SQL: nine counts in one round trip need a select without a from, which LINQ cannot start from.
        var figures = await db.Database.SqlQuery<Figures>($"""
            select (select count(*) from source) as "Sources",
                   (select count(*) from source_dataset) as "Datasets",
                   (select count(*) from view_definition) as "Views",
                   (select count(*) from view_version where status = 'submitted') as "AwaitingApproval",
                   (select count(*) from view_version where status = 'approved') as "Approved",
                   (select count(*) from quality_run) as "Previews",
                   (select count(*) from job where state in ('enqueued', 'scheduled', 'processing')) as "ActiveJobs",
                   (select count(*) from job where state = 'failed') as "FailedJobs",
                   (select count(*) from lineage_node) as "LineageNodes"
            """).ToListAsync(cancellationToken);
        return figures.Single();
    }
}
