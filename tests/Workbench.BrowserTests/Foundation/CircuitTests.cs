using Workbench.BrowserTests.Infrastructure;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.BrowserTests.Foundation;

[Collection(BrowserCollection.Name)]
public sealed class CircuitTests(BrowserFixture browser)
{
    [Fact]
    public Task A_click_reaches_the_server_and_changes_its_state() =>
        browser.RunAsync("circuit-click", async session =>
        {
            await session.GotoAsync("/");
            await Expect(session.Page.GetByTestId("glance-views")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+$"));

            await session.Page.GetByTestId("check-store").ClickAsync();
            await Expect(session.Page.GetByTestId("store-checks")).ToHaveTextAsync("1");
            await session.Page.GetByTestId("check-store").ClickAsync();
            await Expect(session.Page.GetByTestId("store-checks")).ToHaveTextAsync("2");
            await Expect(session.Page.GetByTestId("store-status")).ToContainTextAsync("PostgreSQL");
            Assert.Empty(session.ConsoleErrors);
        });

    [Fact]
    public Task The_theme_switches_between_light_and_dark() =>
        browser.RunAsync("theme-toggle", async session =>
        {
            await session.GotoAsync("/");
            var theme = session.Page.Locator("#radzen-theme-link");
            await Expect(theme).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("material-base"));

            await session.Page.GetByTitle("Switch light / dark theme").ClickAsync();

            await Expect(theme).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("material-dark"));
            await session.ScreenshotAsync("theme-dark");
        });
}
