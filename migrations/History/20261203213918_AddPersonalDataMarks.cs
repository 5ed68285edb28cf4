using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workbench.Migrations.History
{
    /// <inheritdoc />
    public partial class AddPersonalDataMarks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "personal_data_mark",
                columns: table => new
                {
                    dataset_id = table.Column<Guid>(type: "uuid", nullable: false),
                    field = table.Column<string>(type: "text", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    state = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: false),
                    decided_by = table.Column<string>(type: "text", nullable: true),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("personal_data_mark_pkey", x => new { x.dataset_id, x.field });
                    table.CheckConstraint("personal_data_mark_kind_check", "kind in ('Name', 'Email', 'Phone', 'DateOfBirth', 'NationalId', 'Address', 'AccountNumber', 'FreeText')");
                    table.CheckConstraint("personal_data_mark_state_check", "state in ('proposed', 'confirmed', 'cleared')");
                    table.ForeignKey(
                        name: "personal_data_mark_dataset_id_fkey",
                        column: x => x.dataset_id,
                        principalTable: "source_dataset",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // The permission to see personal data is held beside the roles, in the same column.
            migrationBuilder.Sql("alter table account drop constraint account_roles_check");
            migrationBuilder.Sql(
                "alter table account add constraint account_roles_check " +
                "check (roles <@ array['steward', 'approver', 'admin', 'personal-data']::text[])");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "personal_data_mark");

            migrationBuilder.Sql("update account set roles = array_remove(roles, 'personal-data')");
            migrationBuilder.Sql("alter table account drop constraint account_roles_check");
            migrationBuilder.Sql(
                "alter table account add constraint account_roles_check " +
                "check (roles <@ array['steward', 'approver', 'admin']::text[])");
        }
    }
}
