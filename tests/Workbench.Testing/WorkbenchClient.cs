using System.Net.Http.Headers;
using Workbench.Application.Accounts;

namespace Workbench.Testing;

/// <summary>HTTP clients for API tests against a running workbench. Redirects are not followed, so tests see them.</summary>
public static class WorkbenchClient
{
    /// <summary>
    /// A client signed in as a new user holding <paramref name="roles"/> (all three when none are given),
    /// through an API token created for it in the test store.
    /// </summary>
    public static async Task<HttpClient> SignedInAsync(WorkbenchProcess app, params string[] roles)
    {
        var held = roles.Length == 0 ? Roles.All.ToArray() : roles;
        var user = await TestAccounts.CreateAsync(app.ConnectionString, TestAccounts.UniqueName("api-" + string.Join("-", held)), null, held);
        return await SignedInAsync(app, user);
    }

    public static async Task<HttpClient> SignedInAsync(WorkbenchProcess app, TestUser user)
    {
        var client = Anonymous(app);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TestAccounts.CreateTokenAsync(app.ConnectionString, user.Id));
        return client;
    }

    public static HttpClient Anonymous(WorkbenchProcess app) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = new Uri(app.BaseUrl) };
}
