using Microsoft.Playwright;
using Workbench.BrowserTests.Infrastructure;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.BrowserTests.Sources;

[Collection(BrowserCollection.Name)]
public sealed class SourcesPageTests(BrowserFixture browser)
{
    [Fact]
    public Task The_demo_sources_are_listed_with_their_status() =>
        browser.RunAsync("sources-demo", async session =>
        {
            await session.GotoAsync("/sources");
            var grid = session.Page.GetByTestId("sources-grid");
            await Expect(grid).ToContainTextAsync("Legacy policies (PostgreSQL)", new() { Timeout = 60_000 });
            await Expect(grid).ToContainTextAsync("FAST platform API");
            await Expect(grid).ToContainTextAsync("Agents export (CSV)");
            await Expect(grid.GetByText("failed")).ToHaveCountAsync(0);
            Assert.Empty(session.ConsoleErrors);
        });

    [Fact]
    public Task An_uploaded_csv_shows_its_fields_and_profile_and_can_be_deleted() =>
        browser.RunAsync("sources-upload", async session =>
        {
            var csv = Path.Combine(Path.GetTempPath(), $"payments-{Guid.NewGuid():N}.csv");
            await File.WriteAllTextAsync(csv, "payment_id,pol_num,amount\nP-1,POL-000001,10.50\nP-2,POL-000002,\nP-3,POL-000002,7.25\nP-4,POL-000009,3\n");
            try
            {
                await session.GotoAsync("/sources/new");
                await session.Page.GetByText("File (CSV, JSON)").ClickAsync();
                await session.Page.GetByTestId("file-upload").SetInputFilesAsync(csv);
                await Expect(session.Page.GetByTestId("file-path")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"\.csv$"));
                await session.Page.GetByTestId("test-connection").ClickAsync();
                await Expect(session.Page.GetByTestId("test-result")).ToContainTextAsync("Found payments");
                await session.Page.GetByTestId("save-source").ClickAsync();

                var datasets = session.Page.GetByTestId("datasets-grid");
                await Expect(datasets).ToContainTextAsync("payments");
                await datasets.GetByRole(AriaRole.Link).First.ClickAsync();

                var fields = session.Page.GetByTestId("fields-grid");
                await Expect(fields).ToContainTextAsync("payment_id");
                await Expect(fields).ToContainTextAsync("Decimal");
                await session.Page.GetByTestId("profile-sample").ClickAsync();
                await Expect(session.Page.GetByTestId("profile-summary")).ToContainTextAsync("4 rows");
                await Expect(fields).ToContainTextAsync("25.0%");
                await Expect(fields).ToContainTextAsync("AAA-999999");

                var name = Path.GetFileNameWithoutExtension(csv);
                await session.GotoAsync("/sources");
                await session.Page.GetByLabel($"Delete {name}").ClickAsync();
                await session.Page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
                await Expect(session.Page.GetByTestId("sources-grid")).Not.ToContainTextAsync(name);
                Assert.Empty(session.ConsoleErrors);
            }
            finally
            {
                File.Delete(csv);
            }
        });

    [Fact]
    public Task A_NUL_character_in_a_source_name_is_refused_with_a_sentence_naming_the_field() =>
        browser.RunAsync("sources-nul-name", async session =>
        {
            await session.GotoAsync("/sources/new");
            await session.Page.GetByText("File (CSV, JSON)").ClickAsync();
            // Typed or pasted, a NUL reaches the server as the input's value; set it directly so no keyboard layout filters it.
            await session.Page.GetByTestId("source-name").EvaluateAsync(
                "input => { input.value = 'Agents\\u0000export'; input.dispatchEvent(new Event('change', { bubbles: true })); }");
            await session.Page.GetByTestId("file-path").FillAsync(Path.GetTempPath());
            await session.Page.GetByTestId("save-source").ClickAsync();

            var refusal = session.Page.GetByTestId("save-error");
            await Expect(refusal).ToContainTextAsync("The source name holds a NUL character (\\u0000), which the workbench cannot store; remove it and try again.");
            await Expect(refusal).ToHaveAttributeAsync("role", "alert");
            Assert.EndsWith("/sources/new", session.Page.Url);
            Assert.Empty(session.ConsoleErrors);
        });
    [Fact]
    public Task The_sources_list_and_a_sources_page_read_in_both_themes_and_delete_asks_first() =>
        browser.RunAsync("sources-themes", async session =>
        {
            var page = session.Page;
            await page.SetViewportSizeAsync(1280, 800);
            await session.GotoAsync("/sources");
            var grid = page.GetByTestId("sources-grid");
            await Expect(grid).ToContainTextAsync("Legacy policies (PostgreSQL)", new() { Timeout = 60_000 });
            await session.ScreenshotAsync("sources-light");

            await page.GetByLabel("Delete Agents export (CSV)").ClickAsync();
            var dialog = page.GetByTestId("confirm-dialog");
            await Expect(dialog).ToContainTextAsync("Delete the source \"Agents export (CSV)\" and its 1 dataset?");
            await session.ScreenshotAsync("sources-delete-dialog-light");
            await page.GetByTestId("confirm-cancel").ClickAsync();
            await Expect(dialog).ToHaveCountAsync(0);
            await Expect(grid).ToContainTextAsync("Agents export (CSV)");

            await page.GetByRole(AriaRole.Button, new() { Name = "Switch to the dark theme" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to the light theme" })).ToBeVisibleAsync();
            await session.ScreenshotAsync("sources-dark");

            await grid.GetByRole(AriaRole.Link, new() { Name = "Legacy policies (PostgreSQL)", Exact = true }).ClickAsync();
            await Expect(page.GetByTestId("datasets-grid")).ToContainTextAsync("legacy.policies");
            await session.ScreenshotAsync("source-detail-dark");
            await page.GetByTestId("refresh-source").ClickAsync();
            await Expect(page.GetByTestId("source-status-message")).Not.ToBeEmptyAsync();
            await Expect(page.GetByTestId("refresh-source")).ToBeEnabledAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Switch to the light theme" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to the dark theme" })).ToBeVisibleAsync();
            await session.ScreenshotAsync("source-detail-light");
            Assert.Empty(session.ConsoleErrors);
        });
}
