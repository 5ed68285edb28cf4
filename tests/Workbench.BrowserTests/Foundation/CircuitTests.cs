using Microsoft.Playwright;
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

    private const string BodyBackground = "() => getComputedStyle(document.body).backgroundColor";

    [Fact]
    public Task The_theme_switches_between_light_and_dark_and_the_server_paints_it_on_reload() =>
        browser.RunAsync("theme-toggle", async session =>
        {
            await session.GotoAsync("/");
            var page = session.Page;
            Assert.Equal("rgb(245, 246, 248)", await page.EvaluateAsync<string>(BodyBackground));

            await page.GetByRole(AriaRole.Button, new() { Name = "Switch to the dark theme" }).ClickAsync();

            await page.WaitForFunctionAsync($"() => ({BodyBackground})() === 'rgb(18, 19, 23)'");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to the light theme" })).ToBeVisibleAsync();
            var cookies = await page.Context.CookiesAsync();
            Assert.Contains(cookies, c => c.Name == "WorkbenchTheme" && c.Value == "dark");
            await session.ScreenshotAsync("theme-dark");

            // The server reads the cookie: the HTML it sends is already dark, before any script runs.
            var html = await (await page.Context.APIRequest.GetAsync("/")).TextAsync();
            Assert.Contains("--mud-palette-background: rgba(18,19,23,1)", html);
            await session.GotoAsync("/approvals");
            Assert.Equal("rgb(18, 19, 23)", await page.EvaluateAsync<string>(BodyBackground));

            await page.GetByRole(AriaRole.Button, new() { Name = "Switch to the light theme" }).ClickAsync();
            await page.WaitForFunctionAsync($"() => ({BodyBackground})() === 'rgb(245, 246, 248)'");
            Assert.Contains(await page.Context.CookiesAsync(), c => c.Name == "WorkbenchTheme" && c.Value == "light");
        });

    [Fact]
    public Task The_theme_toggle_is_reachable_and_works_from_the_keyboard() =>
        browser.RunAsync("theme-keyboard", async session =>
        {
            await session.GotoAsync("/");
            var toggle = session.Page.GetByTestId("theme-toggle");
            await toggle.FocusAsync();
            await Expect(toggle).ToBeFocusedAsync();

            await session.Page.Keyboard.PressAsync("Enter");

            await Expect(toggle).ToHaveAttributeAsync("aria-label", "Switch to the light theme");
            await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
        });
}
