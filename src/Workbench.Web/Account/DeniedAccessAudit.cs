using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Workbench.Application.Audit;

namespace Workbench.Web.Account;

/// <summary>
/// Every request a signed-in user's roles do not allow (a 403 from an API endpoint, a redirect to "Not allowed" from a page)
/// leaves an <c>access.denied</c> audit row naming the user, the method and route, and the client address, before the
/// usual answer is written.
/// </summary>
public sealed class DeniedAccessAudit : IAuthorizationMiddlewareResultHandler
{
    public const string Action = "access.denied";

    private readonly AuthorizationMiddlewareResultHandler _answer = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
            await RecordAsync(context, policy);
        await _answer.HandleAsync(next, context, policy, authorizeResult);
    }

    private static async Task RecordAsync(HttpContext context, AuthorizationPolicy policy)
    {
        // Authorization runs before SignedInUserMiddleware, so the audit's actor is set here from the request's user.
        context.RequestServices.GetRequiredService<SignedInUser>().Set(context.User, context.Connection.RemoteIpAddress?.ToString());
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value;
        var roles = policy.Requirements.OfType<RolesAuthorizationRequirement>()
            .SelectMany(r => r.AllowedRoles).Distinct().ToList();
        await context.RequestServices.GetRequiredService<AuditLog>().RecordAsync(new AuditEntry(Action, "route",
            $"{context.Request.Method} {context.Request.Path.Value}", Outcome: AuditOutcome.Denied,
            Details: new { method = context.Request.Method, route, requiredRoles = roles }), context.RequestAborted);
    }
}
