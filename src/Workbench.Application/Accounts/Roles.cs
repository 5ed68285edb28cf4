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

    /// <summary>
    /// May see personal values unmasked, for a stated purpose, each time audited. Everyone else sees them masked.
    /// A permission given beside a role: it lets its holder do nothing else.
    /// </summary>
    public const string PersonalData = "personal-data";

    public static readonly IReadOnlyList<string> All = [Steward, Approver, Admin, PersonalData];

    /// <summary>How a role is named on the pages: the permission says what it allows.</summary>
    public static string Label(string role) => role == PersonalData ? "may see personal data" : role;

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
