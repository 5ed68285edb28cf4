using Microsoft.Playwright;
using Workbench.BrowserTests.Infrastructure;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.BrowserTests.Foundation;

[Collection(BrowserCollection.Name)]
public sealed class NavigationTests(BrowserFixture browser)
{
    public static TheoryData<string, string> Entries => new()
    {
        { "Overview", "Overview" },
        { "Sources", "Sources" },
        { "Views & Mapping", "Views & Mapping" },
        { "Quality", "Quality" },
        { "Approvals", "Approvals" },
        { "Jobs", "Jobs" },
        { "Lineage", "Lineage" },
        { "Audit", "Audit" },
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public Task Every_navigation_entry_opens_its_page_without_errors(string entry, string heading) =>
        browser.RunAsync($"nav-{heading}", async session =>
        {
            await session.GotoAsync("/");
            await session.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByText(entry, new() { Exact = true }).ClickAsync();

            await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
            await Expect(session.Page).ToHaveTitleAsync($"{heading} · Workbench");
            await Expect(session.Page.GetByTestId("error-boundary")).ToHaveCountAsync(0);
            Assert.Empty(session.ConsoleErrors);
            await session.ScreenshotAsync("page-" + heading.Replace(' ', '-').Replace("&", "and"));
        });

    [Fact]
    public Task An_unknown_address_shows_the_not_found_page() =>
        browser.RunAsync("not-found", async session =>
        {
            var response = await session.Page.GotoAsync("/no/such/page");

            Assert.Equal(404, response!.Status);
            await Expect(session.Page.GetByTestId("not-found")).ToBeVisibleAsync();
            await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Page not found");
            await session.ScreenshotAsync("page-not-found");
        });
}
