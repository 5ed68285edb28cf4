using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Workbench.Application.Accounts;

namespace Workbench.Web.Account;

/// <summary>An open page checks every minute that its sign-in is still valid (not disabled, no password or role change).</summary>
public sealed class RevalidatingAccountStateProvider(ILoggerFactory loggerFactory, AccountStore accounts)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        authenticationState.User.Identity?.IsAuthenticated == true
            ? AccountClaims.StillValidAsync(authenticationState.User, accounts, cancellationToken)
            : Task.FromResult(true);
}
