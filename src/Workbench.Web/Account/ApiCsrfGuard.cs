using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;
using Workbench.Web.Hosting;

namespace Workbench.Web.Account;

/// <summary>
/// A browser sends the sign-in cookie with any request, also one another site makes it send, so a changing
/// <c>/api</c> request signed in by the cookie must come from this site and carry the antiforgery token. Requests
/// signed in by an API token carry no ambient credential and pass unchanged.
/// </summary>
public sealed class ApiCsrfGuard(RequestDelegate next, IAntiforgery antiforgery)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (ApiProblem.IsApiRequest(request) && Changes(request.Method) && SignedInByCookie(context))
        {
            if (ForeignOrigin(request) is { } origin)
            {
                await ApiProblem.WriteAsync(context.Response, StatusCodes.Status403Forbidden,
                    $"Cross-site request refused: it came from {origin}, not from this site.");
                return;
            }
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                await ApiProblem.WriteAsync(context.Response, StatusCodes.Status403Forbidden,
                    "A change through the API signed in by the browser's cookie needs the page's antiforgery token in the RequestVerificationToken header; scripts and tools sign in with an API token (Authorization: Bearer).");
                return;
            }
        }
        await next(context);
    }

    private static bool Changes(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    private static bool SignedInByCookie(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, AuthenticationType: CookieAuthenticationDefaults.AuthenticationScheme };

    /// <summary>The Origin a browser sent, when it is not this site (<c>null</c> counts as foreign: sandboxed or file pages).</summary>
    private static string? ForeignOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
            return null;
        var own = $"{request.Scheme}://{request.Host}";
        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase) ? null : origin;
    }
}
