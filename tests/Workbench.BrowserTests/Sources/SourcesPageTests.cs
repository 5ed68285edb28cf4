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
    public Task An_uploaded_csv_shows_its_fields_profile_and_rows_and_can_be_deleted() =>
        browser.RunAsync("sources-upload", async session =>
        {
            var csv = Path.Combine(Path.GetTempPath(), $"payments-{Guid.NewGuid():N}.csv");
            await File.WriteAllTextAsync(csv, "payment_id,pol_num,amount\nP-1,POL-000001,10.50\nP-2,POL-000002,\nP-3,POL-000002,7.25\nP-4,POL-000009,3\n");
            try
            {
                var page = session.Page;
                await session.GotoAsync("/sources/new");
                await page.GetByText("File (CSV, JSON)").ClickAsync();
                await UploadAsync(page, csv);
                await Expect(page.GetByTestId("file-path")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"\.csv$"));
                await page.GetByTestId("test-connection").ClickAsync();
                await Expect(page.GetByTestId("test-result")).ToContainTextAsync("Found payments");
                await page.GetByTestId("save-source").ClickAsync();

                var datasets = page.GetByTestId("datasets-grid");
                await Expect(datasets).ToContainTextAsync("payments");
                await datasets.GetByRole(AriaRole.Link).First.ClickAsync();

                var fields = page.GetByTestId("fields-grid");
                await Expect(fields).ToContainTextAsync("payment_id");
                await Expect(fields).ToContainTextAsync("Decimal");
                await page.GetByTestId("profile-sample").ClickAsync();
                // Four rows is the whole dataset, but it was a sample, not a full scan.
                await Expect(page.GetByTestId("profile-summary")).ToContainTextAsync("4 rows (sample of up to 10,000; the whole dataset)");
                await Expect(page.GetByTestId("profile-summary")).Not.ToContainTextAsync("full scan");
                await Expect(fields).ToContainTextAsync("25.0%");
                await Expect(fields).ToContainTextAsync("AAA-999999");
                await Expect(fields).ToContainTextAsync("about 4");

                await page.GetByRole(AriaRole.Tab, new() { Name = "Sample rows" }).ClickAsync();
                await page.GetByTestId("read-sample").ClickAsync();
                await Expect(page.GetByTestId("sample-note")).ToHaveTextAsync("4 rows");
                await Expect(page.GetByTestId("sample-grid")).ToContainTextAsync("POL-000009");

                var name = Path.GetFileNameWithoutExtension(csv);
                await session.GotoAsync("/sources");
                await page.GetByLabel($"Delete {name}").ClickAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
                await Expect(page.GetByTestId("sources-grid")).Not.ToContainTextAsync(name);
                Assert.Empty(session.ConsoleErrors);
            }
            finally
            {
                File.Delete(csv);
            }
        });

    [Fact]
    public Task A_binary_file_uploaded_as_csv_is_refused_as_not_text_and_keeps_the_typed_name() =>
        browser.RunAsync("sources-binary-upload", async session =>
        {
            var file = Path.Combine(Path.GetTempPath(), $"not-really-{Guid.NewGuid():N}.csv");
            await File.WriteAllBytesAsync(file, [.. "PAR1"u8, 0x15, 0x04, 0x15, 0x00, 0x00, 0x2C, 0x15, 0x02, .. "PAR1"u8]);
            try
            {
                var page = session.Page;
                await session.GotoAsync("/sources/new");
                await page.GetByText("File (CSV, JSON)").ClickAsync();
                await page.GetByTestId("source-name").FillAsync("Claims export");
                await UploadAsync(page, file);
                await Expect(page.GetByTestId("file-path")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"\.csv$"));
                await Expect(page.GetByTestId("source-name")).ToHaveValueAsync("Claims export");

                await page.GetByTestId("test-connection").ClickAsync();
                var result = page.GetByTestId("test-result");
                await Expect(result).ToContainTextAsync("is not text: it looks like a Parquet file. Is it a Parquet or Excel file? Choose that format.");
                await Expect(result).Not.ToContainTextAsync("Found");
                await Expect(result).Not.ToContainTextAsync("latin-1");
                await Expect(result).Not.ToContainTextAsync("/");
                await Expect(result).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-alert-outlined-error"));
                await session.ScreenshotAsync("source-binary-refused-light");
                Assert.Empty(session.ConsoleErrors);
            }
            finally
            {
                File.Delete(file);
            }
        });

    /// <summary>As a person uploads: the Upload button opens the browser's file chooser, which is given the file.</summary>
    private static async Task UploadAsync(IPage page, string path)
    {
        var chooser = await page.RunAndWaitForFileChooserAsync(() => page.GetByTestId("file-upload-button").ClickAsync());
        await chooser.SetFilesAsync(path);
    }

    [Fact]
    public Task A_NUL_character_in_a_source_name_is_refused_with_a_sentence_naming_the_field() =>
        browser.RunAsync("sources-nul-name", async session =>
        {
            await session.GotoAsync("/sources/new");
            await session.Page.GetByText("File (CSV, JSON)").ClickAsync();
            // Typed or pasted, a NUL reaches the server as the input's value; set it directly so no keyboard layout filters it.
            await session.Page.GetByTestId("source-name").EvaluateAsync(
                "input => { input.value = 'Agents\\u0000export'; input.dispatchEvent(new Event('input', { bubbles: true })); input.dispatchEvent(new Event('change', { bubbles: true })); }");
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

    [Fact]
    public Task A_dataset_page_and_the_source_form_read_in_both_themes() =>
        browser.RunAsync("sources-dataset-form-themes", async session =>
        {
            var page = session.Page;
            await page.SetViewportSizeAsync(1280, 800);
            await session.GotoAsync("/sources");
            var grid = page.GetByTestId("sources-grid");
            await Expect(grid).ToContainTextAsync("Legacy policies (PostgreSQL)", new() { Timeout = 60_000 });
            await grid.GetByRole(AriaRole.Link, new() { Name = "Legacy policies (PostgreSQL)", Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "legacy.policies" }).ClickAsync();
            await page.GetByTestId("profile-sample").ClickAsync();
            await Expect(page.GetByTestId("profile-summary")).ToContainTextAsync("(sample of up to 10,000; the whole dataset)");
            await Expect(page.GetByTestId("fields-grid")).ToContainTextAsync("about ");
            await Expect(page.GetByTestId("fields-grid")).Not.ToContainTextAsync("(s)");
            await session.ScreenshotAsync("dataset-light");

            await page.GetByRole(AriaRole.Tab, new() { Name = "Sample rows" }).ClickAsync();
            await page.GetByTestId("read-sample").ClickAsync();
            await Expect(page.GetByTestId("sample-note")).ToContainTextAsync("1,000 rows");
            await page.GetByRole(AriaRole.Button, new() { Name = "Switch to the dark theme" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to the light theme" })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("sample-grid")).ToBeVisibleAsync();
            await session.ScreenshotAsync("dataset-rows-dark");
            await page.GetByRole(AriaRole.Tab, new() { Name = "Fields and profile" }).ClickAsync();
            await Expect(page.GetByTestId("fields-grid")).ToBeVisibleAsync();
            await session.ScreenshotAsync("dataset-dark");

            await session.GotoAsync("/sources/new");
            await page.GetByTestId("save-source").ClickAsync();
            await Expect(page.GetByText("Give the source a name.")).ToBeVisibleAsync();
            await session.ScreenshotAsync("source-new-dark");
            await page.GetByText("File (CSV, JSON)").ClickAsync();
            await Expect(page.GetByTestId("file-path")).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Switch to the light theme" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Switch to the dark theme" })).ToBeVisibleAsync();
            await session.ScreenshotAsync("source-new-file-light");

            await session.GotoAsync("/sources");
            await page.GetByLabel("Edit Legacy policies (PostgreSQL)").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit source" })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("pg-host")).Not.ToHaveValueAsync("");
            await Expect(page.GetByTestId("source-kind")).ToHaveCountAsync(0);
            await session.ScreenshotAsync("source-edit-light");
            Assert.Empty(session.ConsoleErrors);
        });
}
