using System.Net;
using Workbench.Storage.Accounts;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Account;

/// <summary>The sign-in form over real HTTP: antiforgery, lockout, and the audit rows each attempt leaves.</summary>
public sealed class SignInTests(SignInAppFixture fixture) : IClassFixture<SignInAppFixture>
{
    [Fact]
    public async Task A_sign_in_post_without_an_antiforgery_token_is_refused_and_signs_nobody_in()
    {
        var user = await fixture.UserAsync("forged", Roles.Steward);
        using var client = CookieSignIn.NewClient(fixture.App);

        using var response = await CookieSignIn.PostAsync(client, user.UserName, user.Password, token: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await AuditRows.OfActorAsync(fixture.App.ConnectionString, user.UserName));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/sources")).StatusCode);
    }

    [Fact]
    public async Task Signing_in_and_out_leaves_one_audit_row_each()
    {
        var user = await fixture.UserAsync("inout", Roles.Steward);
        using var client = CookieSignIn.NewClient(fixture.App);

        using var signIn = await CookieSignIn.PostAsync(client, user.UserName, user.Password, await CookieSignIn.AntiforgeryTokenAsync(client), "/sources");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(fixture.App.BaseUrl + "/sources", signIn.Headers.Location!.AbsoluteUri);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/sources")).StatusCode);

        using var forgedSignOut = await client.PostAsync("/account/sign-out", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forgedSignOut.StatusCode);

        var token = await CookieSignIn.AntiforgeryTokenAsync(client, "/sources");
        using var signOut = await client.PostAsync("/account/sign-out", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/sources")).StatusCode);

        var rows = await AuditRows.OfActorAsync(fixture.App.ConnectionString, user.UserName);
        Assert.Equal(
            [("account.sign-in", "ok", user.Id.ToString()), ("account.sign-out", "ok", user.Id.ToString())],
            rows.Select(r => (r.Action, r.Outcome, r.EntityId)));
        Assert.All(rows, r => Assert.Equal("127.0.0.1", r.ClientAddress));
    }

    [Fact]
    public async Task The_configured_number_of_wrong_passwords_locks_the_account()
    {
        var user = await fixture.UserAsync("lockme", Roles.Steward);
        using var client = CookieSignIn.NewClient(fixture.App);

        for (var attempt = 0; attempt < SignInAppFixture.MaxFailedAttempts; attempt++)
        {
            using var wrong = await CookieSignIn.PostAsync(client, user.UserName, "wrong password!", await CookieSignIn.AntiforgeryTokenAsync(client));
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            var html = await wrong.Content.ReadAsStringAsync();
            Assert.Contains(attempt < SignInAppFixture.MaxFailedAttempts - 1 ? "The user name or the password is wrong." : "this account is locked", html);
        }
        using var right = await CookieSignIn.PostAsync(client, user.UserName, user.Password, await CookieSignIn.AntiforgeryTokenAsync(client));

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("this account is locked", await right.Content.ReadAsStringAsync());
        var id = user.Id.ToString();
        Assert.Equal(
            [
                ("account.sign-in", "failed", id), ("account.sign-in", "failed", id), ("account.sign-in", "failed", id),
                ("account.lockout", "ok", id), ("account.sign-in", "denied", id),
            ],
            (await AuditRows.OfActorAsync(fixture.App.ConnectionString, user.UserName)).Select(r => (r.Action, r.Outcome, r.EntityId)));
    }

    [Fact]
    public async Task An_unknown_user_name_fails_like_a_wrong_password_and_is_audited_under_the_typed_name()
    {
        var typed = TestAccounts.UniqueName("nobody");
        using var client = CookieSignIn.NewClient(fixture.App);

        using var response = await CookieSignIn.PostAsync(client, typed, "whatever password", await CookieSignIn.AntiforgeryTokenAsync(client));

        Assert.Contains("The user name or the password is wrong.", await response.Content.ReadAsStringAsync());
        var row = Assert.Single(await AuditRows.OfActorAsync(fixture.App.ConnectionString, typed));
        Assert.Equal(("account.sign-in", "failed", null), (row.Action, row.Outcome, row.EntityId));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    public async Task A_return_address_off_the_site_is_ignored(string returnUrl)
    {
        var user = await fixture.UserAsync("redirect", Roles.Steward);
        using var client = CookieSignIn.NewClient(fixture.App);

        using var response = await CookieSignIn.PostAsync(client, user.UserName, user.Password, await CookieSignIn.AntiforgeryTokenAsync(client), returnUrl);

        Assert.Equal(fixture.App.BaseUrl + "/", response.Headers.Location!.AbsoluteUri);
    }
}
