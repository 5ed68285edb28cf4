using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Npgsql;
using Workbench.BrowserTests.Infrastructure;
using Workbench.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.BrowserTests.Query;

/// <summary>The Query tab of the view editor on the demo view: the rows and their count, a filter that changes the count, the CSV export.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class QueryTabTests(BrowserFixture browser)
{
    [Fact]
    public async Task Filtering_the_query_tab_changes_the_count_and_the_export_link_carries_the_filters()
    {
        await WaitForDemoDatasetsAsync();

        await browser.RunAsync("view-query", async session =>
        {
            var page = session.Page;
            await session.GotoAsync("/views");
            await page.GetByRole(AriaRole.Link, new() { Name = "Policy migration", Exact = true }).ClickAsync();
            await session.WaitForCircuitAsync();
            await page.GetByTestId("tab-query").ClickAsync();

            var total = page.GetByTestId("query-total");
            await Expect(total).ToContainTextAsync("matching rows", new() { Timeout = 60_000 });
            var all = Count(await total.TextContentAsync());
            Assert.True(all > 0, await total.TextContentAsync());
            await Expect(page.GetByTestId("query-grid").Locator("tbody tr").First).ToBeVisibleAsync();

            await page.GetByTestId("filter-issues").GetByText("without issues").ClickAsync();
            await page.GetByTestId("apply-query").ClickAsync();
            await Expect(total).Not.ToHaveTextAsync(new Regex($"^{Regex.Escape(all.ToString("N0", CultureInfo.InvariantCulture))} matching"), new() { Timeout = 60_000 });
            var clean = Count(await total.TextContentAsync());
            Assert.InRange(clean, 0, all - 1);

            var href = await page.GetByTestId("query-export").GetAttributeAsync("href");
            Assert.Contains("query.csv?version=1&where=_has_issues%20is%20false", href);
            var csv = await page.APIRequest.GetAsync(new Uri(new Uri(session.BaseUrl + "/"), href).ToString());
            Assert.Equal(200, csv.Status);
            var lines = (await csv.TextAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("_key,", lines[0]);
            Assert.Equal(clean, lines.Length - 1);
            await session.ScreenshotAsync("view-query-tab");
            Assert.Empty(session.ConsoleErrors);
        });
    }

    private static long Count(string? text) =>
        long.Parse(LeadingNumber().Match(text ?? "").Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^[\d,]+")]
    private static partial Regex LeadingNumber();

    /// <summary>The demo sources are created once the app listens; the demo view can be seeded when their datasets are discovered.</summary>
    private async Task WaitForDemoDatasetsAsync()
    {
        await using var db = new NpgsqlConnection(browser.DatabaseConnectionString);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await db.ExecuteScalarAsync<long>(
            "select count(distinct s.id) from source s join source_dataset d on d.source_id = s.id where s.is_demo") < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, "The demo sources were not created within 60 s.");
            await Task.Delay(100);
        }
    }
}
