using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using MudBlazor;
using Workbench.Web.Account;

namespace Workbench.Web.Components.Layout;

/// <summary>The side navigation, in the order of a migration's life; the browser tests visit each entry.</summary>
public static class NavEntries
{
    /// <param name="Icon">A MudBlazor icon (SVG path markup).</param>
    /// <param name="Policy">Shown only to users this policy admits; the page checks it again on the server.</param>
    public sealed record Entry(string Title, string Path, string Icon, string? Policy = null);

    /// <summary>Shown with the number of versions waiting for a decision, to approvers.</summary>
    public const string ApprovalsPath = "approvals";

    public static readonly IReadOnlyList<Entry> All =
    [
        new("Overview", "", Icons.Material.Filled.Dashboard),
        new("Sources", "sources", Icons.Material.Filled.Storage),
        new("Views & Mapping", "views", Icons.Material.Filled.AccountTree),
        new("Quality", "quality", Icons.Material.Filled.FactCheck),
        new("Approvals", ApprovalsPath, Icons.Material.Filled.Verified),
        new("Jobs", "jobs", Icons.Material.Filled.Sync),
        new("Lineage", "lineage", Icons.Material.Filled.DeviceHub),
        new("Audit", "audit", Icons.Material.Filled.History, Policies.AuditReader),
        new("Users", "admin/users", Icons.Material.Filled.ManageAccounts, Policies.Admin),
    ];

    /// <summary>The entries <paramref name="user"/> may see. Hiding an entry is a courtesy, not a check.</summary>
    public static async Task<IReadOnlyList<Entry>> VisibleToAsync(IAuthorizationService authorization, ClaimsPrincipal user)
    {
        var shown = new List<Entry>();
        foreach (var entry in All)
            if (entry.Policy is null || (await authorization.AuthorizeAsync(user, entry.Policy)).Succeeded)
                shown.Add(entry);
        return shown;
    }
}
