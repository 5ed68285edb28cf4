using Microsoft.Playwright;
using Workbench.BrowserTests.Infrastructure;
using Workbench.Application.Accounts;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.BrowserTests.Jobs;

/// <summary>Hangfire's dashboard under the workbench, in the browser: admins only.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HangfireDashboardTests(BrowserFixture browser)
{
    private const string Path = "/jobs/hangfire";

    [Fact]
    public Task An_admin_opens_the_dashboard_from_the_jobs_page() =>
        browser.RunAsAsync("hangfire-dashboard-admin", [Roles.Admin], async session =>
        {
            await session.GotoAsync("/jobs");
            var link = session.Page.GetByTestId("hangfire-dashboard-link");
            await Expect(link).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("jobs/hangfire$"));
            await session.ScreenshotAsync("jobs-page-admin-light");
            await session.Page.GetByRole(AriaRole.Button, new() { Name = "Switch to the dark theme" }).ClickAsync();
            await Expect(session.Page.GetByRole(AriaRole.Button, new() { Name = "Switch to the light theme" })).ToBeVisibleAsync();
            await session.ScreenshotAsync("jobs-page-admin-dark");

            var response = await session.Page.GotoAsync(Path);
            Assert.Equal(200, response!.Status);
            await Expect(session.Page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("Workbench jobs \\(Hangfire\\)"));
            // The workbench's process is one of Hangfire's servers.
            var servers = await session.Page.GotoAsync(Path + "/servers");
            Assert.Equal(200, servers!.Status);
            await Expect(session.Page.Locator("table")).ToContainTextAsync(":");
        });

    [Fact]
    public Task A_steward_is_refused_with_403_and_sees_no_link() =>
        browser.RunAsAsync("hangfire-dashboard-steward", [Roles.Steward], async session =>
        {
            await session.GotoAsync("/jobs");
            await Expect(session.Page.GetByTestId("jobs-grid")).ToBeVisibleAsync();
            await Expect(session.Page.GetByTestId("hangfire-dashboard-link")).ToHaveCountAsync(0);

            var response = await session.Page.GotoAsync(Path);
            Assert.Equal(403, response!.Status);
            await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
            Assert.DoesNotContain("Hangfire", await session.Page.ContentAsync(), StringComparison.Ordinal);
            // Hangfire's own pages behind it, too.
            Assert.Equal(403, (await session.Page.GotoAsync(Path + "/servers"))!.Status);
        });

    [Fact]
    public Task An_anonymous_visitor_is_sent_to_the_sign_in_page() =>
        browser.RunAsync("hangfire-dashboard-anonymous", null, async session =>
        {
            var response = await session.Page.GotoAsync(Path);
            Assert.Equal(200, response!.Status);
            Assert.StartsWith(session.BaseUrl + "/account/sign-in", session.Page.Url, StringComparison.Ordinal);
            Assert.Contains("returnUrl=%2Fjobs%2Fhangfire", session.Page.Url, StringComparison.Ordinal);
        });
}
