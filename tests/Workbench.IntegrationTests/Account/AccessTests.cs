using System.Net;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Account;

/// <summary>Who may reach what, checked over real HTTP against the running workbench.</summary>
public sealed class AccessTests(SignInAppFixture fixture) : IClassFixture<SignInAppFixture>
{
    public static TheoryData<string> ProtectedPages()
    {
        var data = new TheoryData<string>();
        foreach (var (route, anonymous) in WebPages.All)
            if (!anonymous)
                data.Add(route);
        return data;
    }

    [Fact]
    public void The_page_list_is_read_from_the_app() =>
        Assert.Contains(WebPages.All, page => page.Route == "/admin/users" && !page.AllowsAnonymous);

    [Theory]
    [MemberData(nameof(ProtectedPages))]
    public async Task An_anonymous_request_for_a_page_is_sent_to_sign_in(string route)
    {
        using var client = WorkbenchClient.Anonymous(fixture.App);

        using var response = await client.GetAsync(route);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in?returnUrl=", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("/api/me")]
    [InlineData("/api/no-such-endpoint")]
    public async Task An_anonymous_API_request_answers_401_with_JSON(string path)
    {
        using var client = WorkbenchClient.Anonymous(fixture.App);

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_unknown_or_revoked_token_answers_401()
    {
        using var client = WorkbenchClient.Anonymous(fixture.App);
        client.DefaultRequestHeaders.Authorization = new("Bearer", "wbt_not-a-real-token");

        using var response = await client.GetAsync("/api/me");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task An_API_token_signs_in_with_the_roles_of_its_account()
    {
        using var client = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward, Roles.Approver);

        var me = await client.GetStringAsync("/api/me");

        Assert.Contains("\"roles\":[\"steward\",\"approver\"]", me);
    }

    [Fact]
    public async Task A_steward_cannot_reach_admin_pages_or_the_audit_export()
    {
        var steward = await fixture.UserAsync("steward", Roles.Steward);
        using var browser = await CookieSignIn.SignedInClientAsync(fixture.App, steward);
        using var api = await WorkbenchClient.SignedInAsync(fixture.App, steward);

        using var users = await browser.GetAsync("/admin/users");
        using var audit = await browser.GetAsync("/audit");
        using var export = await api.GetAsync("/audit/export.csv");
        using var sources = await browser.GetAsync("/sources");

        Assert.Equal(HttpStatusCode.Redirect, users.StatusCode);
        Assert.StartsWith("/account/denied", users.Headers.Location!.PathAndQuery);
        Assert.StartsWith("/account/denied", audit.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sources.StatusCode);
    }

    [Fact]
    public async Task A_disabled_account_loses_its_cookie_and_its_tokens_at_the_next_request()
    {
        var user = await fixture.UserAsync("todisable", Roles.Steward);
        using var browser = await CookieSignIn.SignedInClientAsync(fixture.App, user);
        using var api = await WorkbenchClient.SignedInAsync(fixture.App, user);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/sources")).StatusCode);

        var admin = new CommandLineOperator("access test");
        await using (var dataSource = Npgsql.NpgsqlDataSource.Create(fixture.App.ConnectionString))
            await new AccountAdministration(dataSource, new AccountStore(dataSource), new Workbench.Application.Audit.AuditLog(dataSource, admin), admin)
                .SetDisabledAsync(user.Id, true);

        using var page = await browser.GetAsync("/sources");
        using var me = await api.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/sign-in", page.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }
}
