namespace Workbench.Web.Hosting;

/// <summary>
/// Each feature maps its <c>/api</c> endpoints in one group: the feature's OpenAPI tag, signed-in callers only (roles are
/// added per endpoint where they differ), and the problems any API endpoint can answer.
/// </summary>
public static class ApiGroups
{
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder app, string prefix, string tag)
    {
        var group = app.MapGroup(prefix).WithTags(tag).RequireAuthorization();
        // A query parameter or body that cannot be read (or holds a NUL), no sign-in, a failure of the server.
        group.ProducesProblem(StatusCodes.Status400BadRequest);
        group.ProducesProblem(StatusCodes.Status401Unauthorized);
        group.ProducesProblem(StatusCodes.Status500InternalServerError);
        return group;
    }

    /// <summary>A change needing a role: a caller without it, or a cookie-signed request without the antiforgery token, gets 403.</summary>
    public static RouteHandlerBuilder RequireRole(this RouteHandlerBuilder endpoint, string policy) =>
        endpoint.RequireAuthorization(policy).ProducesProblem(StatusCodes.Status403Forbidden);
}
