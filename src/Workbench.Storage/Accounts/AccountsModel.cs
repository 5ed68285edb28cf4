using Microsoft.EntityFrameworkCore;

namespace Workbench.Storage.Accounts;

/// <summary>How the accounts tables map onto their entities (the schema itself comes from the migrations).</summary>
internal static class AccountsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AccountEntity>(entity =>
        {
            entity.HasKey(e => e.Id).HasName("account_pkey");

            entity.ToTable("account");

            entity.Property(e => e.Id)
                .UseIdentityAlwaysColumn()
                .HasColumnName("id");
            entity.Property(e => e.CreatedAt)
                .HasDefaultValueSql("now()")
                .HasColumnName("created_at");
            entity.Property(e => e.Disabled).HasColumnName("disabled");
            entity.Property(e => e.DisplayName).HasColumnName("display_name");
            entity.Property(e => e.FailedAttempts).HasColumnName("failed_attempts");
            entity.Property(e => e.LockedUntil).HasColumnName("locked_until");
            entity.Property(e => e.PasswordHash).HasColumnName("password_hash");
            entity.Property(e => e.Roles)
                .HasDefaultValueSql("'{}'::text[]")
                .HasColumnName("roles");
            entity.Property(e => e.SecurityStamp).HasColumnName("security_stamp");
            entity.Property(e => e.UserName).HasColumnName("user_name");
        });

        modelBuilder.Entity<ApiTokenEntity>(entity =>
        {
            entity.HasKey(e => e.Id).HasName("api_token_pkey");

            entity.ToTable("api_token");

            entity.HasIndex(e => e.AccountId, "api_token_account");

            entity.HasIndex(e => e.TokenHash, "api_token_token_hash_key").IsUnique();

            entity.Property(e => e.Id)
                .UseIdentityAlwaysColumn()
                .HasColumnName("id");
            entity.Property(e => e.AccountId).HasColumnName("account_id");
            entity.Property(e => e.CreatedAt)
                .HasDefaultValueSql("now()")
                .HasColumnName("created_at");
            entity.Property(e => e.Name).HasColumnName("name");
            entity.Property(e => e.RevokedAt).HasColumnName("revoked_at");
            entity.Property(e => e.TokenHash).HasColumnName("token_hash");

            entity.HasOne<AccountEntity>().WithMany()
                .HasForeignKey(d => d.AccountId)
                .OnDelete(DeleteBehavior.ClientSetNull)
                .HasConstraintName("api_token_account_id_fkey");
        });
    }
}
