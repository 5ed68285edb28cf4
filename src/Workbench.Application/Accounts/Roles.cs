namespace Workbench.Application.Accounts;

/// <summary>What a user may do. A user may hold several roles.</summary>
public static class Roles
{
    /// <summary>Registers sources, maps fields, runs previews, submits mappings.</summary>
    public const string Steward = "steward";

    /// <summary>Approves or rejects mapping versions someone else authored.</summary>
    public const string Approver = "approver";

    /// <summary>Manages accounts and reads the audit trail.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Steward, Approver, Admin];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
