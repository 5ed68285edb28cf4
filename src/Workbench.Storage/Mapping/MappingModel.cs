using Workbench.Core.Mapping;
using Microsoft.EntityFrameworkCore;

namespace Workbench.Storage.Mapping;

/// <summary>How the mapping tables map onto their entities (the schema itself comes from the migrations).</summary>
internal static class MappingModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ViewDefinitionEntity>(entity =>
        {
            entity.HasKey(e => e.Id).HasName("view_definition_pkey");

            entity.ToTable("view_definition");

            entity.Property(e => e.Id)
                .ValueGeneratedNever()
                .HasColumnName("id");
            entity.Property(e => e.CreatedAt)
                .HasDefaultValueSql("now()")
                .HasColumnName("created_at");
            entity.Property(e => e.CreatedBy).HasColumnName("created_by");
            entity.Property(e => e.CurrentVersion).HasColumnName("current_version");
            entity.Property(e => e.Name).HasColumnName("name");
            entity.Property(e => e.DissolvedAt).HasColumnName("dissolved_at");
            entity.Property(e => e.DissolvedBy).HasColumnName("dissolved_by");
            entity.Property(e => e.DissolveReason).HasColumnName("dissolve_reason");
        });

        modelBuilder.Entity<ViewVersionEntity>(entity =>
        {
            entity.HasKey(e => new { e.ViewId, e.Version }).HasName("view_version_pkey");

            entity.ToTable("view_version");

            entity.HasIndex(e => e.ViewId, "view_version_one_submitted")
                .IsUnique()
                .HasFilter("(status = 'submitted'::text)");

            entity.Property(e => e.ViewId).HasColumnName("view_id");
            entity.Property(e => e.Version).HasColumnName("version");
            entity.Property(e => e.Author).HasColumnName("author");
            entity.Property(e => e.CreatedAt)
                .HasDefaultValueSql("now()")
                .HasColumnName("created_at");
            entity.Property(e => e.Spec)
                .HasColumnType("jsonb")
                .HasColumnName("spec");
            entity.Property(e => e.Status)
                .HasConversion(status => status.Name(), name => VersionStatusNames.Parse(name))
                .HasDefaultValueSql("'draft'::text")
                .HasColumnName("status");
            entity.Property(e => e.StatusChangedAt).HasColumnName("status_changed_at");
            entity.Property(e => e.StatusChangedBy).HasColumnName("status_changed_by");

            entity.HasOne<ViewDefinitionEntity>().WithMany()
                .HasForeignKey(d => d.ViewId)
                .OnDelete(DeleteBehavior.ClientSetNull)
                .HasConstraintName("view_version_view_id_fkey");
        });
    }
}
