using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Account;

/// <summary>The sign-in form over real HTTP: antiforgery, lockout, and the audit rows each attempt leaves.</summary>
public sealed partial class SignInTests(SignInAppFixture fixture) : IClassFixture<SignInAppFixture>
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
            [("account.sign-in", "ok", user.Id.ToString(CultureInfo.InvariantCulture)), ("account.sign-out", "ok", user.Id.ToString(CultureInfo.InvariantCulture))],
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
            Assert.Contains(SignInMessages.Failed, html);
        }
        using var right = await CookieSignIn.PostAsync(client, user.UserName, user.Password, await CookieSignIn.AntiforgeryTokenAsync(client));

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains(SignInMessages.Failed, await right.Content.ReadAsStringAsync());
        var id = user.Id.ToString(CultureInfo.InvariantCulture);
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

        Assert.Contains(SignInMessages.Failed, await response.Content.ReadAsStringAsync());
        var row = Assert.Single(await AuditRows.OfActorAsync(fixture.App.ConnectionString, typed));
        Assert.Equal(("account.sign-in", "failed", null), (row.Action, row.Outcome, row.EntityId));
    }

    [Fact]
    public async Task Unknown_wrong_locked_and_disabled_read_the_same_so_the_page_does_not_tell_which_names_exist()
    {
        var known = await fixture.UserAsync("known", Roles.Steward);
        var locked = await fixture.UserAsync("locked", Roles.Steward);
        var disabled = await fixture.UserAsync("disabled", Roles.Steward);
        using var client = CookieSignIn.NewClient(fixture.App);
        async Task<string> ErrorAsync(string userName, string password)
        {
            using var response = await CookieSignIn.PostAsync(client, userName, password, await CookieSignIn.AntiforgeryTokenAsync(client));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return ErrorPattern().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value;
        }
        for (var attempt = 0; attempt < SignInAppFixture.MaxFailedAttempts; attempt++)
            await ErrorAsync(locked.UserName, "wrong password!");
        await using (var dataSource = Npgsql.NpgsqlDataSource.Create(fixture.App.ConnectionString))
        {
            var admin = new CommandLineOperator("sign-in test");
            await new AccountAdministration(dataSource, new AccountStore(dataSource), new Workbench.Application.Audit.AuditLog(dataSource, admin), admin)
                .SetDisabledAsync(disabled.Id, true);
        }

        var unknown = await ErrorAsync(TestAccounts.UniqueName("nobody"), "whatever password");
        var wrong = await ErrorAsync(known.UserName, "wrong password!");
        var lockedOut = await ErrorAsync(locked.UserName, locked.Password);
        var off = await ErrorAsync(disabled.UserName, disabled.Password);

        Assert.Equal(SignInMessages.Failed, unknown);
        Assert.Equal([unknown, unknown, unknown], [wrong, lockedOut, off]);
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

    [GeneratedRegex("data-testid=\"sign-in-error\">([^<]*)<")]
    private static partial Regex ErrorPattern();
}
