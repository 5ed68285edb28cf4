using System.Net;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Account;

/// <summary>A request the user's roles do not allow is refused and audited as denied, naming the user, the route and the address.</summary>
public sealed class DeniedAccessAuditTests(SignInAppFixture fixture) : IClassFixture<SignInAppFixture>
{
    [Fact]
    public async Task A_steward_approving_over_the_API_is_refused_and_audited_as_denied()
    {
        var steward = await fixture.UserAsync("denied-api", Roles.Steward);
        using var client = await WorkbenchClient.SignedInAsync(fixture.App, steward);
        var path = $"/api/views/{Guid.NewGuid()}/versions/1/approve";

        using var response = await client.PostAsync(path, null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var row = Assert.Single(await AuditRows.OfActorAsync(fixture.App.ConnectionString, steward.UserName));
        Assert.Equal(("access.denied", "POST " + path, "denied"), (row.Action, row.EntityId, row.Outcome));
        Assert.False(string.IsNullOrEmpty(row.ClientAddress));
    }

    [Fact]
    public async Task A_steward_opening_an_admin_page_is_sent_to_not_allowed_and_audited_as_denied()
    {
        var steward = await fixture.UserAsync("denied-page", Roles.Steward);
        using var browser = await CookieSignIn.SignedInClientAsync(fixture.App, steward);

        using var response = await browser.GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/denied", response.Headers.Location!.PathAndQuery);
        var denied = (await AuditRows.OfActorAsync(fixture.App.ConnectionString, steward.UserName)).Where(r => r.Outcome == "denied");
        Assert.Equal([("access.denied", "GET /admin/users")], denied.Select(r => (r.Action, r.EntityId)));
    }
}
