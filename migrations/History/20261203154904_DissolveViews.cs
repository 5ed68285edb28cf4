using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workbench.Migrations.History
{
    /// <summary>
    /// A view can be dissolved (who, when, why on <c>view_definition</c>; null while it is live), and a view that never
    /// left draft can be deleted: the guard of <c>view_version</c> now lets a draft version go when its view has no
    /// review at all (never submitted, so never approved or materialized). Every other guard stays as it was: approved
    /// and rejected versions never change, a reviewed view's versions are never deleted.
    /// </summary>
    public partial class DissolveViews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "dissolve_reason",
                table: "view_definition",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "dissolved_at",
                table: "view_definition",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "dissolved_by",
                table: "view_definition",
                type: "text",
                nullable: true);

            migrationBuilder.Sql(GuardSql(allowDraftDelete: true));
        }

        /// <summary>The guard of 0003_mapping.sql; with <paramref name="allowDraftDelete"/> a never-reviewed draft may be deleted.</summary>
        private static string GuardSql(bool allowDraftDelete) =>
            GuardHead + (allowDraftDelete ? DraftDelete : "") + GuardTail;

        private const string GuardHead = """
            create or replace function view_version_is_immutable() returns trigger language plpgsql as $$
            begin
                if tg_op = 'DELETE' then

            """;

        private const string DraftDelete = """
                    if old.status = 'draft' and not exists (select 1 from view_review r where r.view_id = old.view_id) then
                        return old;
                    end if;

            """;

        private const string GuardTail = """
                    raise exception 'view_version rows are never deleted';
                end if;
                if new.view_id <> old.view_id or new.version <> old.version or new.spec <> old.spec
                   or new.author <> old.author or new.created_at <> old.created_at then
                    raise exception 'view_version % of view % is immutable: only its status may change', old.version, old.view_id;
                end if;
                if old.status in ('approved', 'rejected') then
                    raise exception 'view_version % of view % is %, and never changes', old.version, old.view_id, old.status;
                end if;
                if not ((old.status = 'draft' and new.status in ('draft', 'submitted'))
                     or (old.status = 'submitted' and new.status in ('submitted', 'approved', 'rejected', 'draft'))) then
                    raise exception 'view_version status cannot go from % to %', old.status, new.status;
                end if;
                return new;
            end;
            $$;
            """;

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(GuardSql(allowDraftDelete: false));

            migrationBuilder.DropColumn(
                name: "dissolve_reason",
                table: "view_definition");

            migrationBuilder.DropColumn(
                name: "dissolved_at",
                table: "view_definition");

            migrationBuilder.DropColumn(
                name: "dissolved_by",
                table: "view_definition");
        }
    }
}
