namespace Workbench.Storage.Audit;

/// <summary>A row of <c>audit_event</c>.</summary>
public sealed class AuditEventEntity
{
    public long Id { get; set; }

    public DateTime OccurredAt { get; set; }

    public string Actor { get; set; } = null!;

    public string Action { get; set; } = null!;

    public string? EntityKind { get; set; }

    public string? EntityId { get; set; }

    public int? EntityVersion { get; set; }

    public string Outcome { get; set; } = null!;

    public string? ClientAddress { get; set; }

    public string? Details { get; set; }
}
