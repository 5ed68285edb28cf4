using Microsoft.EntityFrameworkCore.Migrations;
using Workbench.Migrations.Legacy;

namespace Workbench.Migrations.History;

/// <summary>
/// The schema as the SQL files in Legacy/ made it, guards included (append-only audit and history, approved versions
/// that never change, forward-only status moves). Running those very files keeps a new store identical to one that was
/// made by them and upgraded in place (<see cref="StoreMigrator"/>). Their version rows are written too, with a last
/// one that an earlier workbench does not know, so that it refuses this store with a clear sentence instead of
/// applying its files again.
/// </summary>
public partial class Baseline : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql(MigrationRunner.VersionTableSql);
        foreach (var file in MigrationCatalog.Embedded().Files)
        {
            migrationBuilder.Sql(file.Sql);
            migrationBuilder.Sql(MigrationRunner.VersionRowSql(file.Version, file.Name, file.Checksum));
        }
        migrationBuilder.Sql(MigrationRunner.VersionRowSql(
            MigrationRunner.HandedToEfCoreVersion, MigrationRunner.HandedToEfCoreName, "ef-core"));
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("The store is never migrated down: restore a backup taken before the upgrade instead.");
}
