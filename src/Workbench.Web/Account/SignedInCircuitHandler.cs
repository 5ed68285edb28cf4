using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Workbench.Web.Account;

/// <summary>
/// Hands the circuit's user to the circuit's <see cref="SignedInUser"/> before any page renders, and again
/// whenever the authentication state changes (revalidation ends a sign-in that is no longer valid).
/// </summary>
public sealed class SignedInCircuitHandler(AuthenticationStateProvider authentication, SignedInUser user, IHttpContextAccessor accessor)
    : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        authentication.AuthenticationStateChanged += OnChanged;
        // The circuit's own connection request: its address is the browser's.
        var address = accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();
        user.Set((await authentication.GetAuthenticationStateAsync()).User, address);
    }

    private void OnChanged(Task<AuthenticationState> state) => _ = UpdateAsync(state);

    private async Task UpdateAsync(Task<AuthenticationState> state) => user.Set((await state).User, null);

    public void Dispose() => authentication.AuthenticationStateChanged -= OnChanged;
}
