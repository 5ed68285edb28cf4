namespace Workbench.Application.Audit;

/// <summary>
/// One thing that happened: <c>Action</c> is a dotted verb such as <c>source.create</c>, <c>preview.run</c>,
/// <c>mapping.approve</c>; reads of source rows are recorded as well as changes.
/// </summary>
public sealed record AuditEntry(
    string Action,
    string? EntityKind = null,
    string? EntityId = null,
    int? EntityVersion = null,
    string Outcome = AuditOutcome.Ok,
    object? Details = null);

public static class AuditOutcome
{
    public const string Ok = "ok";
    public const string Denied = "denied";
    public const string Failed = "failed";
}
