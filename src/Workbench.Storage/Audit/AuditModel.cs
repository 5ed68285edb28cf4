using Microsoft.EntityFrameworkCore;

namespace Workbench.Storage.Audit;

/// <summary>How the audit tables map onto their entities (the schema itself comes from the migrations).</summary>
internal static class AuditModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AuditEventEntity>(entity =>
        {
            entity.HasKey(e => e.Id).HasName("audit_event_pkey");

            entity.ToTable("audit_event");

            entity.HasIndex(e => new { e.Actor, e.OccurredAt }, "audit_event_actor").IsDescending(false, true);

            entity.HasIndex(e => new { e.EntityKind, e.EntityId }, "audit_event_entity");

            entity.HasIndex(e => e.OccurredAt, "audit_event_occurred_at").IsDescending();

            entity.Property(e => e.Id)
                .UseIdentityAlwaysColumn()
                .HasColumnName("id");
            entity.Property(e => e.Action).HasColumnName("action");
            entity.Property(e => e.Actor).HasColumnName("actor");
            entity.Property(e => e.ClientAddress).HasColumnName("client_address");
            entity.Property(e => e.Details)
                .HasColumnType("jsonb")
                .HasColumnName("details");
            entity.Property(e => e.EntityId).HasColumnName("entity_id");
            entity.Property(e => e.EntityKind).HasColumnName("entity_kind");
            entity.Property(e => e.EntityVersion).HasColumnName("entity_version");
            entity.Property(e => e.OccurredAt)
                .HasDefaultValueSql("now()")
                .HasColumnName("occurred_at");
            entity.Property(e => e.Outcome)
                .HasDefaultValueSql("'ok'::text")
                .HasColumnName("outcome");
        });
    }
}
