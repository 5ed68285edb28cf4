using Workbench.Web.Account;

namespace Workbench.Web.Components.Layout;

/// <summary>The side navigation, in the order of a migration's life; the browser tests visit each entry.</summary>
public static class NavEntries
{
    /// <param name="Policy">Shown only to users this policy admits; the page checks it again on the server.</param>
    public sealed record Entry(string Title, string Path, string Icon, string? Policy = null);

    /// <summary>Shown with the number of versions waiting for a decision, to approvers.</summary>
    public const string ApprovalsPath = "approvals";

    public static readonly IReadOnlyList<Entry> All =
    [
        new("Overview", "", "dashboard"),
        new("Sources", "sources", "storage"),
        new("Views & Mapping", "views", "account_tree"),
        new("Quality", "quality", "fact_check"),
        new("Approvals", ApprovalsPath, "verified"),
        new("Jobs", "jobs", "sync"),
        new("Lineage", "lineage", "device_hub"),
        new("Audit", "audit", "history", Policies.AuditReader),
        new("Users", "admin/users", "manage_accounts", Policies.Admin),
    ];
}
