using Microsoft.EntityFrameworkCore;

namespace Workbench.Storage.Sources;

/// <summary>How the sources tables map onto their entities (the schema itself comes from the migrations).</summary>
internal static class SourcesModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SourceEntity>(entity =>
        {
            entity.HasKey(e => e.Id).HasName("source_pkey");

            entity.ToTable("source");

            entity.HasIndex(e => e.Name, "source_name_key").IsUnique();

            entity.Property(e => e.Id)
                .ValueGeneratedNever()
                .HasColumnName("id");
            entity.Property(e => e.CreatedAt)
                .HasDefaultValueSql("now()")
                .HasColumnName("created_at");
            entity.Property(e => e.IsDemo).HasColumnName("is_demo");
            entity.Property(e => e.Kind).HasColumnName("kind");
            entity.Property(e => e.LastCheckedAt).HasColumnName("last_checked_at");
            entity.Property(e => e.MalformedPolicy)
                .HasDefaultValueSql("'Fail'::text")
                .HasColumnName("malformed_policy");
            entity.Property(e => e.Name).HasColumnName("name");
            entity.Property(e => e.Secrets).HasColumnName("secrets");
            entity.Property(e => e.Settings)
                .HasDefaultValueSql("'{}'::jsonb")
                .HasColumnType("jsonb")
                .HasColumnName("settings");
            entity.Property(e => e.Status)
                .HasDefaultValueSql("'unchecked'::text")
                .HasColumnName("status");
            entity.Property(e => e.StatusMessage).HasColumnName("status_message");
            entity.Property(e => e.UpdatedAt)
                .HasDefaultValueSql("now()")
                .HasColumnName("updated_at");
        });

        modelBuilder.Entity<SourceDatasetEntity>(entity =>
        {
            entity.HasKey(e => e.Id).HasName("source_dataset_pkey");

            entity.ToTable("source_dataset");

            entity.HasIndex(e => e.SourceId, "source_dataset_source");

            entity.HasIndex(e => new { e.SourceId, e.Name }, "source_dataset_source_id_name_key").IsUnique();

            entity.Property(e => e.Id)
                .ValueGeneratedNever()
                .HasColumnName("id");
            entity.Property(e => e.DiscoveredAt)
                .HasDefaultValueSql("now()")
                .HasColumnName("discovered_at");
            entity.Property(e => e.Fields)
                .HasDefaultValueSql("'[]'::jsonb")
                .HasColumnType("jsonb")
                .HasColumnName("fields");
            entity.Property(e => e.Locator)
                .HasColumnType("jsonb")
                .HasColumnName("locator");
            entity.Property(e => e.Name).HasColumnName("name");
            entity.Property(e => e.Profile)
                .HasColumnType("jsonb")
                .HasColumnName("profile");
            entity.Property(e => e.ProfiledAt).HasColumnName("profiled_at");
            entity.Property(e => e.SourceId).HasColumnName("source_id");

            entity.HasOne<SourceEntity>().WithMany()
                .HasForeignKey(d => d.SourceId)
                .HasConstraintName("source_dataset_source_id_fkey");
        });
    }
}
