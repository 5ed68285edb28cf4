using System.Globalization;
using System.Security.Claims;
using Workbench.Application.Accounts;

namespace Workbench.Web.Account;

/// <summary>What a sign-in carries about the account: name, display name, roles, and the stamp it was issued under.</summary>
public static class AccountClaims
{
    public const string DisplayName = "workbench:display_name";
    public const string SecurityStamp = "workbench:stamp";

    public static ClaimsPrincipal Principal(Workbench.Application.Accounts.Account account, string authenticationType)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, account.Id.ToString(CultureInfo.InvariantCulture)),
            new(ClaimTypes.Name, account.UserName),
            new(DisplayName, account.DisplayName),
            new(SecurityStamp, account.SecurityStamp),
        };
        claims.AddRange(account.Roles.Select(role => new Claim(ClaimTypes.Role, role)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }

    public static long? AccountId(ClaimsPrincipal principal) =>
        long.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    /// <summary>Whether the account still exists, is enabled and has not changed password, roles or state since this sign-in.</summary>
    public static async Task<bool> StillValidAsync(ClaimsPrincipal principal, AccountStore accounts, CancellationToken cancellationToken = default)
    {
        if (AccountId(principal) is not { } id)
            return false;
        var account = await accounts.FindAsync(id, cancellationToken);
        return account is { Disabled: false }
            && string.Equals(account.SecurityStamp, principal.FindFirstValue(SecurityStamp), StringComparison.Ordinal);
    }
}
