using Microsoft.EntityFrameworkCore;

namespace Workbench.Storage.Quality;

/// <summary>How the quality tables map onto their entities (the schema itself comes from the migrations).</summary>
internal static class QualityModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<QualityIssueSampleEntity>(entity =>
        {
            entity.HasKey(e => new { e.RunId, e.Ordinal }).HasName("quality_issue_sample_pkey");

            entity.ToTable("quality_issue_sample");

            entity.HasIndex(e => new { e.RunId, e.Kind }, "quality_issue_sample_kind");

            entity.Property(e => e.RunId).HasColumnName("run_id");
            entity.Property(e => e.Ordinal).HasColumnName("ordinal");
            entity.Property(e => e.Detail).HasColumnName("detail");
            entity.Property(e => e.Field).HasColumnName("field");
            entity.Property(e => e.Key).HasColumnName("key");
            entity.Property(e => e.Kind).HasColumnName("kind");
            entity.Property(e => e.Presence).HasColumnName("presence");
            entity.Property(e => e.Values)
                .HasColumnType("jsonb")
                .HasColumnName("values");

            entity.HasOne<QualityRunEntity>().WithMany()
                .HasForeignKey(d => d.RunId)
                .HasConstraintName("quality_issue_sample_run_id_fkey");
        });

        modelBuilder.Entity<QualityRunEntity>(entity =>
        {
            entity.HasKey(e => e.Id).HasName("quality_run_pkey");

            entity.ToTable("quality_run");

            entity.HasIndex(e => new { e.ViewId, e.ViewVersion, e.Fingerprint, e.FinishedAt }, "quality_run_cache")
                .IsDescending(false, false, false, true)
                .HasFilter("(status = 'succeeded'::text)");

            entity.HasIndex(e => new { e.ViewId, e.StartedAt }, "quality_run_view").IsDescending(false, true);

            entity.Property(e => e.Id)
                .UseIdentityAlwaysColumn()
                .HasColumnName("id");
            entity.Property(e => e.Actor).HasColumnName("actor");
            entity.Property(e => e.Engine).HasColumnName("engine");
            entity.Property(e => e.Error).HasColumnName("error");
            entity.Property(e => e.Fingerprint).HasColumnName("fingerprint");
            entity.Property(e => e.FinishedAt).HasColumnName("finished_at");
            entity.Property(e => e.RowsScanned).HasColumnName("rows_scanned");
            entity.Property(e => e.SourceFingerprints)
                .HasDefaultValueSql("'{}'::jsonb")
                .HasColumnType("jsonb")
                .HasColumnName("source_fingerprints");
            entity.Property(e => e.StartedAt)
                .HasDefaultValueSql("now()")
                .HasColumnName("started_at");
            entity.Property(e => e.Status)
                .HasDefaultValueSql("'running'::text")
                .HasColumnName("status");
            entity.Property(e => e.Summary)
                .HasColumnType("jsonb")
                .HasColumnName("summary");
            entity.Property(e => e.ViewId).HasColumnName("view_id");
            entity.Property(e => e.ViewVersion).HasColumnName("view_version");
        });
    }
}
