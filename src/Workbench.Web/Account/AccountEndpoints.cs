using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Workbench.Application.Audit;

namespace Workbench.Web.Account;

/// <summary>Sign-out (a form post with an antiforgery token) and <c>/api/me</c>.</summary>
public static class AccountEndpoints
{
    public static void Map(WebApplication app)
    {
        app.MapPost("/account/sign-out", SignOutAsync).DisableAntiforgery();
        app.MapGet("/api/me", (SignedInUser user) => Results.Json(new
        {
            userName = user.Actor,
            displayName = user.DisplayName,
            roles = Workbench.Application.Accounts.Roles.All.Where(user.IsInRole),
        }));
    }

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
