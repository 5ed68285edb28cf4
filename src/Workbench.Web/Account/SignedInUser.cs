using System.Security.Claims;
using Workbench.Application.Accounts;

namespace Workbench.Web.Account;

/// <summary>
/// The user of the current HTTP request or Blazor circuit, and the address they came from: the actor of
/// every audit row written in this scope. Set by <see cref="SignedInUserMiddleware"/> for requests and by
/// <see cref="SignedInCircuitHandler"/> for circuits.
/// </summary>
public sealed class SignedInUser : ICurrentUser
{
    private ClaimsPrincipal _principal = new(new ClaimsIdentity());

    public ClaimsPrincipal Principal => _principal;

    public bool IsSignedIn => _principal.Identity?.IsAuthenticated == true;

    public string Actor => IsSignedIn ? _principal.Identity!.Name ?? "anonymous" : "anonymous";

    public string DisplayName => _principal.FindFirstValue(AccountClaims.DisplayName) ?? Actor;

    public string? ClientAddress { get; private set; }

    public bool IsInRole(string role) => _principal.IsInRole(role);

    public void Set(ClaimsPrincipal principal, string? clientAddress)
    {
        _principal = principal;
        ClientAddress = clientAddress ?? ClientAddress;
    }
}
