using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workbench.BrowserTests.Infrastructure;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.BrowserTests.Foundation;

[Collection(BrowserCollection.Name)]
public sealed class ResilienceTests(BrowserFixture browser)
{
    [Fact]
    public Task A_failing_page_shows_a_log_reference_without_the_exception_text_and_the_circuit_lives_on() =>
        browser.RunAsync("error-boundary", async session =>
        {
            await session.GotoAsync("/diagnostics/fault");

            await session.Page.GetByTestId("fail").ClickAsync();

            var boundary = session.Page.GetByTestId("error-boundary");
            await Expect(boundary).ToContainTextAsync(new Regex("logged with the reference [0-9a-f]{8}"));
            // The exception's own text stays in the log.
            await Expect(boundary).Not.ToContainTextAsync("failed on purpose");
            await Expect(session.Page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
            await session.ScreenshotAsync("error-boundary");
            // The circuit survived: navigation inside it still renders server-side components.
            await session.Page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByText("Sources", new() { Exact = true }).ClickAsync();
            await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sources");
            await Expect(boundary).ToHaveCountAsync(0);
        });

    [Fact]
    public Task A_dropped_connection_shows_the_reconnect_dialog() =>
        browser.RunAsync("reconnect", async session =>
        {
            // The circuit's WebSocket goes through the test, which can cut it as a flaky network would.
            var cut = false;
            IWebSocketRoute? live = null;
            await session.Page.RouteWebSocketAsync(new Regex("/_blazor"), async socket =>
            {
                if (cut)
                {
                    await socket.CloseAsync();
                    return;
                }
                live = socket;
                socket.ConnectToServer();
            });
            // Without this, Blazor would fall back to long polling over plain HTTP and never show the dialog.
            await session.Page.RouteAsync(new Regex("/_blazor"), route => cut ? route.AbortAsync() : route.ContinueAsync());
            await session.GotoAsync("/");

            cut = true;
            await live!.CloseAsync();

            // Blazor draws its dialog inside the shadow root of this element; Playwright's locators pierce it.
            await Expect(session.Page.Locator("#components-reconnect-modal")).ToHaveAttributeAsync("style", new Regex("display: block"));
            await Expect(session.Page.Locator("#components-reconnect-modal").GetByText(new Regex("Rejoin"))).ToBeVisibleAsync();
            await session.ScreenshotAsync("reconnect");
        });
}
