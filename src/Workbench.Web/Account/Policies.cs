using Microsoft.AspNetCore.Authorization;
using Workbench.Application.Accounts;

namespace Workbench.Web.Account;

/// <summary>
/// Authorization policies by role, for <c>[Authorize(Policy = Policies.Steward)]</c> on pages and
/// <c>.RequireAuthorization(Policies.Steward)</c> on endpoints. Every page and endpoint needs a signed-in
/// user unless marked <c>[AllowAnonymous]</c> (the fallback policy).
/// </summary>
public static class Policies
{
    public const string Steward = "role:steward";
    public const string Approver = "role:approver";
    public const string Admin = "role:admin";

    /// <summary>Reads the audit trail: admins and approvers.</summary>
    public const string AuditReader = "audit:read";

    /// <summary>Reads a view's rows (the query of a view): stewards, approvers and admins.</summary>
    public const string ViewReader = "view:read";

    public static void Add(AuthorizationOptions options)
    {
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        options.AddPolicy(Steward, p => p.RequireRole(Roles.Steward));
        options.AddPolicy(Approver, p => p.RequireRole(Roles.Approver));
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        options.AddPolicy(AuditReader, p => p.RequireRole(Roles.Admin, Roles.Approver));
        options.AddPolicy(ViewReader, p => p.RequireRole(Roles.Steward, Roles.Approver, Roles.Admin));
    }
}
