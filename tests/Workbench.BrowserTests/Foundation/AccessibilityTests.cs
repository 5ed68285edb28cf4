using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Playwright;
using Npgsql;
using Workbench.BrowserTests.Infrastructure;
using Workbench.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.BrowserTests.Foundation;

/// <summary>
/// Every main page, in the light and the dark theme, scanned by axe-core for the WCAG 2.1 A and AA rules; a page
/// passes with no violation. axe-core comes from npm (tests/accessibility, installed by scripts/setup.sh) and is
/// evaluated in the page by the test, so the app never serves it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture browser)
{
    private static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static TheoryData<string, string> Pages()
    {
        var data = new TheoryData<string, string>();
        foreach (var theme in new[] { "light", "dark" })
            foreach (var page in new[]
            {
                "overview", "sources", "new-source", "source", "dataset", "views", "view-editor", "quality",
                "approvals", "jobs", "lineage", "audit", "users", "sign-in",
            })
                data.Add(page, theme);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public Task Every_page_passes_the_wcag_2_1_aa_rules(string page, string theme) =>
        browser.RunAsync($"a11y-{page}-{theme}", page == "sign-in" ? null : browser.DefaultUser, async session =>
        {
            await session.Page.Context.AddCookiesAsync(
            [
                new Cookie { Name = "WorkbenchTheme", Value = theme, Url = browser.App.BaseUrl },
            ]);
            var path = await PathOfAsync(page);
            if (page == "sign-in")
                await session.Page.GotoAsync(path); // rendered on the server alone: no circuit to wait for
            else
                await session.GotoAsync(path);
            await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            if (page == "quality")
            {
                // The report is what a steward reads on this page, so the scan covers it too.
                await session.Page.GetByTestId("run-preview").ClickAsync();
                await Expect(session.Page.GetByTestId("preview-outcome")).ToBeVisibleAsync(new() { Timeout = 60_000 });
            }
            await WaitUntilSettledAsync(session.Page);

            var violations = await ScanAsync(session.Page);

            await session.ScreenshotAsync($"a11y-{page}-{theme}");
            Assert.True(violations.Count == 0, $"{page} ({theme}) has accessibility violations:\n{Describe(violations)}");
        });

    private async Task<string> PathOfAsync(string page)
    {
        await using var db = new NpgsqlConnection(browser.DatabaseConnectionString);
        async Task<Guid> DemoAsync(string sql)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                var id = await db.ExecuteScalarAsync<Guid?>(sql);
                if (id is { } found)
                    return found;
                Assert.True(DateTime.UtcNow < deadline, $"The demo did not create what this page shows within 60 s ({sql}).");
                await Task.Delay(100);
            }
        }

        const string DemoView = "select id from view_definition where name = 'Policy migration'";
        return page switch
        {
            "overview" => "/",
            "sources" => "/sources",
            "new-source" => "/sources/new",
            "source" => $"/sources/{await DemoAsync("select id from source order by name limit 1")}",
            "dataset" => $"/datasets/{await DemoAsync("select id from source_dataset order by name limit 1")}",
            "views" => "/views",
            "view-editor" => $"/views/{await DemoAsync(DemoView)}",
            // A copy of the demo view, so that its preview leaves the demo view's cache as other tests expect it.
            "quality" => $"/quality?view={await browser.CopyOfDemoViewAsync($"Accessibility {Guid.NewGuid():N}"[..22])}",
            "approvals" => "/approvals",
            "jobs" => "/jobs",
            "lineage" => "/lineage",
            "audit" => "/audit",
            "users" => "/admin/users",
            "sign-in" => "/account/sign-in",
            _ => throw new ArgumentOutOfRangeException(nameof(page), page, "No such page in this test."),
        };
    }

    /// <summary>Waits until nothing on the page says it is still loading, so the scan sees what a user reads.</summary>
    private static async Task WaitUntilSettledAsync(IPage page) =>
        await page.WaitForFunctionAsync(
            "() => document.querySelectorAll('[aria-busy=\"true\"], .mud-progress-linear-indeterminate, .mud-skeleton').length === 0",
            null, new PageWaitForFunctionOptions { Timeout = 30_000 });

    private static async Task<IReadOnlyList<Violation>> ScanAsync(IPage page)
    {
        var axe = Path.Combine(RepoPaths.Root, "tests", "accessibility", "node_modules", "axe-core", "axe.min.js");
        if (!File.Exists(axe))
            throw new InvalidOperationException(
                $"axe-core is required for the accessibility test and was not found at {axe}. Run bash scripts/test.sh, which installs it.");
        // Evaluated through the DevTools protocol, not injected as a script tag, so the app's CSP stays as it is.
        await page.EvaluateAsync(await File.ReadAllTextAsync(axe));
        var json = await page.EvaluateAsync<string>(
            """
            async (tags) => {
              const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
              return JSON.stringify(result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({ target: n.target.join(' '), summary: n.failureSummary })) })));
            }
            """, WcagTags);
        return JsonSerializer.Deserialize<List<Violation>>(json, Json) ?? [];
    }

    private static string Describe(IReadOnlyList<Violation> violations)
    {
        var text = new StringBuilder();
        foreach (var violation in violations)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {violation.Id} ({violation.Impact}): {violation.Help}, {violation.Nodes.Count} element(s)");
            foreach (var node in violation.Nodes.Take(8))
                text.AppendLine(CultureInfo.InvariantCulture, $"    {node.Target}: {node.Summary?.ReplaceLineEndings(" ")}");
        }
        return text.ToString();
    }

    private sealed record Violation(string Id, string? Impact, string Help, List<ViolationNode> Nodes);

    private sealed record ViolationNode(string Target, string? Summary);
}
