using Microsoft.EntityFrameworkCore;

namespace Workbench.Storage.Secrets;

/// <summary>How the secrets tables map onto their entities (the schema itself comes from the migrations).</summary>
internal static class SecretsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DataProtectionKeyEntity>(entity =>
        {
            entity.HasKey(e => e.FriendlyName).HasName("data_protection_key_pkey");

            entity.ToTable("data_protection_key");

            entity.Property(e => e.FriendlyName).HasColumnName("friendly_name");
            entity.Property(e => e.CreatedAt)
                .HasDefaultValueSql("now()")
                .HasColumnName("created_at");
            entity.Property(e => e.Xml).HasColumnName("xml");
        });
    }
}
