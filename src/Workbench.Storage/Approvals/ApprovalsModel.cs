using Microsoft.EntityFrameworkCore;
using Workbench.Storage.Mapping;
using Workbench.Storage.Quality;

namespace Workbench.Storage.Approvals;

/// <summary>How the approvals tables map onto their entities (the schema itself comes from the migrations).</summary>
internal static class ApprovalsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ViewReviewEntity>(entity =>
        {
            entity.HasKey(e => e.Id).HasName("view_review_pkey");

            entity.ToTable("view_review");

            entity.HasIndex(e => new { e.OccurredAt, e.Id }, "view_review_recent").IsDescending();

            entity.HasIndex(e => new { e.ViewId, e.Version, e.Id }, "view_review_version");

            entity.Property(e => e.Id)
                .UseIdentityAlwaysColumn()
                .HasColumnName("id");
            entity.Property(e => e.Action).HasColumnName("action");
            entity.Property(e => e.Actor).HasColumnName("actor");
            entity.Property(e => e.Comment).HasColumnName("comment");
            entity.Property(e => e.OccurredAt)
                .HasDefaultValueSql("now()")
                .HasColumnName("occurred_at");
            entity.Property(e => e.QualityRunId).HasColumnName("quality_run_id");
            entity.Property(e => e.Version).HasColumnName("version");
            entity.Property(e => e.ViewId).HasColumnName("view_id");

            entity.HasOne<QualityRunEntity>().WithMany()
                .HasForeignKey(d => d.QualityRunId)
                .HasConstraintName("view_review_quality_run_id_fkey");

            entity.HasOne<ViewVersionEntity>().WithMany()
                .HasForeignKey(d => new { d.ViewId, d.Version })
                .OnDelete(DeleteBehavior.ClientSetNull)
                .HasConstraintName("view_review_view_id_version_fkey");
        });
    }
}
