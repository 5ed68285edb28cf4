using Microsoft.Playwright;
using Workbench.BrowserTests.Infrastructure;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.BrowserTests.Account;

[Collection(BrowserCollection.Name)]
public sealed class SignInBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Signing_in_returns_to_the_page_asked_for_and_signing_out_ends_the_session()
    {
        var user = await browser.CreateUserAsync(TestAccounts.UniqueName("walker"), "Wanda Walker", Roles.Steward);
        await browser.RunAsync("sign-in-out", null, async session =>
        {
            await session.Page.GotoAsync("/quality");
            await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sign in");
            await Expect(session.Page).ToHaveTitleAsync("Sign in · Workbench");

            await session.Page.GetByLabel("User name").FillAsync(user.UserName);
            await session.Page.GetByLabel("Password").FillAsync(user.Password);
            await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await session.WaitForCircuitAsync();

            await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Quality");
            await Expect(session.Page.GetByTestId("signed-in-user")).ToHaveTextAsync("Wanda Walker");
            await session.Page.GetByTestId("sign-out").ClickAsync();
            await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sign in");
            await session.Page.GotoAsync("/sources");
            await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sign in");
            Assert.Empty(session.ConsoleErrors);
        });

        var rows = await AuditRows.OfActorAsync(browser.DatabaseConnectionString, user.UserName);
        Assert.Equal([("account.sign-in", "ok"), ("account.sign-out", "ok")], rows.Select(r => (r.Action, r.Outcome)));
    }

    [Fact]
    public async Task A_wrong_password_shows_an_error_and_keeps_the_user_out()
    {
        var user = await browser.CreateUserAsync(TestAccounts.UniqueName("typo"), null, Roles.Steward);
        await browser.RunAsync("sign-in-wrong", null, async session =>
        {
            await session.Page.GotoAsync("/account/sign-in");
            await session.Page.GetByLabel("User name").FillAsync(user.UserName);
            await session.Page.GetByLabel("Password").FillAsync("not the password");
            await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

            await Expect(session.Page.GetByTestId("sign-in-error")).ToHaveTextAsync(SignInMessages.Failed);
            await Expect(session.Page.GetByLabel("User name")).ToHaveValueAsync(user.UserName);
        });

        var row = Assert.Single(await AuditRows.OfActorAsync(browser.DatabaseConnectionString, user.UserName));
        Assert.Equal(("account.sign-in", "failed"), (row.Action, row.Outcome));
    }

    [Fact]
    public Task A_steward_sees_no_admin_entries_and_is_refused_the_admin_page() =>
        browser.RunAsAsync("steward-refused", [Roles.Steward], async session =>
        {
            await session.GotoAsync("/");
            var navigation = session.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" });
            await Expect(navigation.GetByText("Sources", new() { Exact = true })).ToBeVisibleAsync();
            await Expect(navigation.GetByText("Users", new() { Exact = true })).ToHaveCountAsync(0);
            await Expect(navigation.GetByText("Audit", new() { Exact = true })).ToHaveCountAsync(0);

            await session.GotoAsync("/admin/users");

            await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Not allowed");
            await Expect(session.Page.GetByTestId("not-allowed")).ToContainTextAsync("steward");
            await Expect(session.Page.GetByTestId("users-grid")).ToHaveCountAsync(0);
        });

    [Fact]
    public async Task A_steward_navigating_to_an_admin_page_inside_the_app_is_refused_and_audited_as_denied()
    {
        var user = await browser.CreateUserAsync(TestAccounts.UniqueName("steward-nav"), null, Roles.Steward);
        await browser.RunAsync("steward-navigates", user, async session =>
        {
            await session.GotoAsync("/");

            await session.Page.EvaluateAsync("Blazor.navigateTo('/admin/users')");

            await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Not allowed");
            await Expect(session.Page.GetByTestId("users-grid")).ToHaveCountAsync(0);
        });

        // The row is written as the page renders; wait for it rather than for a fixed time.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        IReadOnlyList<AuditRows.Row> denied;
        while ((denied = (await AuditRows.OfActorAsync(browser.DatabaseConnectionString, user.UserName)).Where(r => r.Outcome == "denied").ToList()).Count == 0
               && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal([("access.denied", "NAVIGATE /admin/users")], denied.Select(r => (r.Action, r.EntityId)));
    }
}
