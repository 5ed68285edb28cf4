using Microsoft.EntityFrameworkCore;

namespace Workbench.Storage.Store;

/// <summary>How the store tables map onto their entities (the schema itself comes from the migrations).</summary>
internal static class StoreModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<WorkbenchInstanceEntity>(entity =>
        {
            entity.HasKey(e => e.Id).HasName("workbench_instance_pkey");

            entity.ToTable("workbench_instance");

            entity.Property(e => e.Id)
                .HasDefaultValue((short)1)
                .HasColumnName("id");
            entity.Property(e => e.CreatedAt)
                .HasDefaultValueSql("now()")
                .HasColumnName("created_at");
            entity.Property(e => e.DemoSeededAt).HasColumnName("demo_seeded_at");
        });
    }
}
