using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using Npgsql;
using Workbench.BrowserTests.Infrastructure;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Streaming;
using Workbench.Application.Quality;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.BrowserTests.Quality;

[Collection(BrowserCollection.Name)]
public sealed class QualityPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_stored_preview_shows_its_tiles_fields_change_and_filterable_issue_rows()
    {
        var (viewId, runId) = await SeedTwoRunsAsync();

        await browser.RunAsync("quality-report", async session =>
        {
            // Other tests preview the demo view in the same workbench: ask for this view's newest run.
            await session.GotoAsync($"/quality?view={viewId}");
            var page = session.Page;

            await Expect(page.GetByTestId("tile-keys")).ToContainTextAsync("4");
            await Expect(page.GetByTestId("tile-presence")).ToHaveCountAsync(3);
            await Expect(page.GetByTestId("tile-issue-mismatch")).ToContainTextAsync("1");
            await Expect(page.GetByTestId("quality-delta")).ToContainTextAsync("premium nulls 2 -> 1");
            await Expect(page.GetByTestId("fields-table")).ToContainTextAsync("premium");
            await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "workbench-quality-top.png") });

            var grid = page.GetByTestId("issues-grid");
            // The grid is virtualised: it renders rows once it is scrolled into view, as a reader would scroll to it, and
            // keeps spacer rows around them; its issue rows are the ones marked wb-issue-row.
            await grid.ScrollIntoViewIfNeededAsync();
            await Expect(grid.Locator("tbody tr.wb-issue-row")).ToHaveCountAsync(4);
            await page.GetByTestId("filter-kind").ClickAsync();
            await page.GetByRole(AriaRole.Option, new() { Name = "mismatch", Exact = true }).ClickAsync();
            await Expect(grid.Locator("tbody tr.wb-issue-row")).ToHaveCountAsync(1);
            // The runs' view is not in the store, so which fields are personal cannot be told: every value shows masked
            // (docs/privacy.md), 10 as its shape and keyed hash.
            await Expect(grid.Locator("tbody tr.wb-issue-row").First).ToContainTextAsync("99 #");
            await Expect(grid.Locator(".wb-diff")).ToHaveCountAsync(2);
            await page.ScreenshotAsync(new() { Path = Path.Combine(Path.GetTempPath(), "workbench-quality-page.png"), FullPage = true });

            var csv = await page.APIRequest.GetAsync($"api/quality/runs/{runId}/issues.csv");
            Assert.Equal(200, csv.Status);
            var text = await csv.TextAsync();
            Assert.StartsWith("key,kind,field,presence,detail,left,right\r\n", text);
            Assert.Contains(",mismatch,premium,left+right,sources disagree,99 #", text);
            Assert.DoesNotContain(",10,12", text);
            Assert.Empty(session.ConsoleErrors);
        });
    }

    /// <summary>Two runs of one view: the first with two null premiums, the second with one. Returns the view and the second run.</summary>
    private async Task<(Guid ViewId, long RunId)> SeedTwoRunsAsync()
    {
        await using var database = NpgsqlDataSource.Create(browser.DatabaseConnectionString);
        var store = new QualityRunStore(database);
        var viewId = Guid.NewGuid();
        long last = 0;
        foreach (var (version, key3Premium) in new[] { (1, (decimal?)null), (2, 5m) })
        {
            var report = await StreamingQualityEngine.RunAsync(Definition,
            [
                Rows([("1", 10m), ("2", null), ("3", key3Premium)]),
                Rows([("1", 12m), ("2", 7m), ("4", 1m)]),
            ]);
            last = await store.StartAsync(viewId, version, new Dictionary<string, string> { ["left"] = version.ToString(CultureInfo.InvariantCulture) }, "tester");
            await store.CompleteAsync(last, report);
        }
        return (viewId, last);
    }

    private static readonly QualityDefinition Definition = new(
        [new QualitySide("left", ["premium"]), new QualitySide("right", ["premium"])],
        [new TargetField("premium")], [new QualityRule("premium", RuleKind.NotNull)], new QualityOptions());

    private static async IAsyncEnumerable<HarmonisedRow> Rows((string Key, decimal? Premium)[] rows, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long position = 0;
        foreach (var (key, premium) in rows)
        {
            await Task.CompletedTask;
            yield return new HarmonisedRow([key], [premium], null, ++position);
        }
    }
}
