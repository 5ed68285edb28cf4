using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workbench.Migrations.History
{
    /// <summary>
    /// Jobs run on Hangfire: the workbench's own queue (its claim index and leases) goes; a job keeps the process that
    /// runs it (<c>worker</c>, formerly the lease owner) and its Hangfire job (<c>dispatch_id</c>). Jobs an earlier version
    /// enqueued have no Hangfire job yet: the dispatch sweep of the first job server hands them over.
    /// </summary>
    public partial class JobsOnHangfire : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "job_claimable",
                table: "job");

            migrationBuilder.DropColumn(
                name: "lease_expires_at",
                table: "job");

            migrationBuilder.RenameColumn(
                name: "lease_owner",
                table: "job",
                newName: "worker");

            migrationBuilder.AddColumn<string>(
                name: "dispatch_id",
                table: "job",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "dispatch_id",
                table: "job");

            migrationBuilder.RenameColumn(
                name: "worker",
                table: "job",
                newName: "lease_owner");

            migrationBuilder.AddColumn<DateTime>(
                name: "lease_expires_at",
                table: "job",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "job_claimable",
                table: "job",
                columns: new[] { "run_at", "id" },
                filter: "(state = ANY (ARRAY['enqueued'::text, 'scheduled'::text, 'processing'::text]))");
        }
    }
}
