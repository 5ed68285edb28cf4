using Npgsql;
using Microsoft.EntityFrameworkCore.Design;
using Workbench.Storage.Store;

namespace Workbench.Migrations;

/// <summary>What <c>dotnet ef migrations add</c> builds the model with; it never connects.</summary>
public sealed class DesignTimeContextFactory : IDesignTimeDbContextFactory<WorkbenchDbContext>
{
    public WorkbenchDbContext CreateDbContext(string[] args) =>
        new(WorkbenchDbContext.Options(NpgsqlDataSource.Create("Host=localhost;Database=workbench_design_time")));
}
