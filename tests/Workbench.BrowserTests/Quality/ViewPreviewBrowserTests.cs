using Workbench.Testing;
using Microsoft.Playwright;
using Npgsql;
using Workbench.BrowserTests.Infrastructure;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.BrowserTests.Quality;

[Collection(BrowserCollection.Name)]
public sealed class ViewPreviewBrowserTests(BrowserFixture browser)
{
    /// <summary>Keeps every text the progress panel shows, so a run too quick to watch still proves it reported progress.</summary>
    private const string RecordProgress = """
        () => {
            window.previewProgress = [];
            new MutationObserver(() => {
                const panel = document.querySelector('[data-testid=preview-progress]');
                if (panel) window.previewProgress.push(panel.textContent);
            }).observe(document.body, { subtree: true, childList: true, characterData: true });
        }
        """;

    [Fact]
    public async Task The_demo_view_is_previewed_from_the_editor_with_progress_then_served_from_the_cache()
    {
        await WaitForDemoViewAsync();

        await browser.RunAsync("view-preview", async session =>
        {
            var page = session.Page;
            await session.GotoAsync("/views");
            await page.GetByRole(AriaRole.Link, new() { Name = "Policy migration", Exact = true }).ClickAsync();
            await page.GetByTestId("preview-quality").ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/quality\?view=[0-9a-f-]{36}&version=1$"));
            await session.WaitForCircuitAsync();
            await Expect(page.GetByTestId("preview-version")).ToHaveValueAsync("1");

            await page.EvaluateAsync(RecordProgress);
            await page.GetByTestId("run-preview").ClickAsync();
            await Expect(page.GetByTestId("preview-outcome")).ToHaveAttributeAsync("data-cached", "false", new() { Timeout = 60_000 });
            var progress = await page.EvaluateAsync<string[]>("() => window.previewProgress");
            Assert.Contains(progress, text => text.Contains("rows read from") && text.Contains("reading"));

            await Expect(page.GetByTestId("quality-report")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("tile-presence")).ToHaveCountAsync(3);
            await Expect(page.GetByTestId("tile-presence").Filter(new() { HasText = "in both" })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("fields-table")).ToContainTextAsync("premium_amount");
            var mismatches = await page.GetByTestId("tile-issue-mismatch").Locator(".wb-tile-value").TextContentAsync();
            Assert.True(long.Parse(mismatches!, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture) > 0, mismatches);
            await session.ScreenshotAsync("quality-view-preview");
            await page.GetByTestId("issues-grid").ScrollIntoViewIfNeededAsync();
            await Expect(page.GetByTestId("issues-grid").Locator("tbody tr.wb-issue-row").First).ToBeVisibleAsync();
            await session.ScreenshotAsync("quality-view-preview-issues");

            // The second run, from the keyboard, is served from the cache; "Run again" reads the sources anew.
            await page.GetByTestId("run-preview").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.GetByTestId("served-from-cache")).ToContainTextAsync("Served from cache");
            await page.GetByTestId("run-again").ClickAsync();
            await Expect(page.GetByTestId("preview-outcome")).ToHaveAttributeAsync("data-cached", "false", new() { Timeout = 60_000 });
            // Nothing changed in the sources: no count moved, and the issues still to fix are said.
            var delta = page.GetByTestId("quality-delta");
            await Expect(delta.Locator(".wb-delta li")).ToHaveCountAsync(0);
            await Expect(delta.GetByTestId("remaining-issues")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Remaining issues: [1-9]"));
            Assert.Empty(session.ConsoleErrors);
        });
    }

    /// <summary>The demo's view is created at start-up, once the demo sources are discovered.</summary>
    private async Task WaitForDemoViewAsync()
    {
        await using var db = new NpgsqlConnection(browser.DatabaseConnectionString);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await db.ExecuteScalarAsync<long>("select count(*) from view_definition where name = 'Policy migration'") < 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "The demo view was not created within 60 s.");
            await Task.Delay(100);
        }
    }
}
