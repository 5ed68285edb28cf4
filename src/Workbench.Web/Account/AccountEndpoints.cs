using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Workbench.Application.Audit;
using Workbench.Web.Hosting;

namespace Workbench.Web.Account;

/// <summary>Sign-out (a form post with an antiforgery token) and <c>/api/me</c>.</summary>
public static class AccountEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/account/sign-out", SignOutAsync).DisableAntiforgery();
        var api = app.MapApiGroup("/api", "Account");
        api.MapGet("/me", (SignedInUser user) => TypedResults.Ok(new Me(
                user.Actor, user.DisplayName, Workbench.Application.Accounts.Roles.All.Where(user.IsInRole).ToList())))
            .WithName("GetMe").WithSummary("The caller: user name, display name and roles.");
    }

    /// <summary>The answer of <c>GET /api/me</c>.</summary>
    public sealed record Me(string UserName, string DisplayName, IReadOnlyList<string> Roles);

    // The token is checked here rather than by the middleware: this endpoint binds no form fields.
    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery, AuditLog audit)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
            return Results.BadRequest("The sign-out form was stale or forged; reload the page and try again.");
        await audit.RecordAsync(new AuditEntry("account.sign-out", "account", AccountClaims.AccountId(context.User)?.ToString(CultureInfo.InvariantCulture)));
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Redirect(AccountsFeature.SignInPath);
    }
}
