using Microsoft.AspNetCore.Authorization;

namespace Workbench.Web.Account;

public static class FrameworkScripts
{
    /// <summary>
    /// <c>_framework/blazor.web.js</c> is an endpoint of the component mapping; the sign-in page loads it
    /// before anyone is signed in. Pages and the circuit hub keep the sign-in requirement.
    /// </summary>
    public static RazorComponentsEndpointConventionBuilder AllowAnonymousFrameworkScripts(this RazorComponentsEndpointConventionBuilder builder)
    {
        builder.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } pattern } && pattern.TrimStart('/').StartsWith("_framework/", StringComparison.Ordinal))
                endpoint.Metadata.Add(new AllowAnonymousAttribute());
        });
        return builder;
    }
}
