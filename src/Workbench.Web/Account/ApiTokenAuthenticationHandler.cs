using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Workbench.Application.Accounts;
using Workbench.Web.Hosting;

namespace Workbench.Web.Account;

/// <summary><c>Authorization: Bearer wbt_...</c>: an API token created on the Users page or by the create-token command.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokens tokens, AccountStore accounts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken(Request) is not { } token)
            return AuthenticateResult.NoResult();
        if (await tokens.FindAccountIdAsync(token, Context.RequestAborted) is not { } id
            || await accounts.FindAsync(id, Context.RequestAborted) is not { Disabled: false } account)
            return AuthenticateResult.Fail("The API token is unknown, revoked, or its account is disabled.");
        return AuthenticateResult.Success(new AuthenticationTicket(AccountClaims.Principal(account, SchemeName), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblem.WriteAsync(Response, StatusCodes.Status401Unauthorized, "Sign-in required: send Authorization: Bearer <API token>.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblem.WriteAsync(Response, StatusCodes.Status403Forbidden, "Your roles do not allow this.");

    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
    }
}
