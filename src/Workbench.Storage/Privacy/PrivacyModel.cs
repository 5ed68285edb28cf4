using Microsoft.EntityFrameworkCore;
using Workbench.Storage.Sources;

namespace Workbench.Storage.Privacy;

/// <summary>How the personal data tables map onto their entities (the schema itself comes from the migrations).</summary>
internal static class PrivacyModel
{
    public static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<PersonalDataMarkEntity>(entity =>
        {
            entity.HasKey(e => new { e.DatasetId, e.Field }).HasName("personal_data_mark_pkey");

            entity.ToTable("personal_data_mark", table =>
            {
                table.HasCheckConstraint("personal_data_mark_state_check", "state in ('proposed', 'confirmed', 'cleared')");
                table.HasCheckConstraint("personal_data_mark_kind_check",
                    "kind in ('Name', 'Email', 'Phone', 'DateOfBirth', 'NationalId', 'Address', 'AccountNumber', 'FreeText')");
            });

            entity.Property(e => e.DatasetId).HasColumnName("dataset_id");
            entity.Property(e => e.Field).HasColumnName("field");
            entity.Property(e => e.Kind).HasColumnName("kind");
            entity.Property(e => e.State).HasColumnName("state");
            entity.Property(e => e.Reason).HasColumnName("reason");
            entity.Property(e => e.DecidedBy).HasColumnName("decided_by");
            entity.Property(e => e.UpdatedAt)
                .HasDefaultValueSql("now()")
                .HasColumnName("updated_at");

            // A dataset dropped by a re-discovery takes its marks with it.
            entity.HasOne<SourceDatasetEntity>().WithMany()
                .HasForeignKey(e => e.DatasetId)
                .OnDelete(DeleteBehavior.Cascade)
                .HasConstraintName("personal_data_mark_dataset_id_fkey");
        });
}
