using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Npgsql;
using Workbench.BrowserTests.Infrastructure;
using Workbench.Core.Mapping;
using Workbench.Core.Schema;
using Workbench.Core.Sources;
using Workbench.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.BrowserTests.Materialize;

[Collection(BrowserCollection.Name)]
public sealed class MaterializePageTests(BrowserFixture browser)
{
    [Fact]
    public Task An_approved_version_is_materialized_from_the_editor_followed_on_jobs_and_found_in_lineage() =>
        browser.RunAsync("materialize", async session =>
        {
            var tag = Guid.NewGuid().ToString("N")[..8];
            var viewId = await ApprovedDemoViewAsync($"Policy migration {tag}");
            var table = $"policies_{tag}";

            await session.GotoAsync($"/views/{viewId}");
            await session.WaitForCircuitAsync();
            await session.Page.GetByTestId("tab-versions").ClickAsync();
            var dialog = session.Page.GetByTestId("materialize-dialog");
            // In the dark theme first; Cancel closes the dialog and enqueues nothing.
            await session.Page.GetByRole(AriaRole.Button, new() { Name = "Switch to the dark theme" }).ClickAsync();
            await Expect(session.Page.GetByRole(AriaRole.Button, new() { Name = "Switch to the light theme" })).ToBeVisibleAsync();
            await session.Page.GetByTestId("materialize-v1").ClickAsync();
            await Expect(dialog.GetByTestId("materialize-table")).ToHaveValueAsync($"policy_migration_{tag}");
            await session.ScreenshotAsync("materialize-dialog-dark");
            await session.Page.GetByTestId("materialize-cancel").ClickAsync();
            await Expect(dialog).ToHaveCountAsync(0);
            await Expect(session.Page.GetByTestId("materialize-enqueued")).ToHaveCountAsync(0);
            await session.Page.GetByRole(AriaRole.Button, new() { Name = "Switch to the light theme" }).ClickAsync();
            await Expect(session.Page.GetByRole(AriaRole.Button, new() { Name = "Switch to the dark theme" })).ToBeVisibleAsync();

            await session.Page.GetByTestId("materialize-v1").ClickAsync();
            await Expect(dialog.GetByTestId("materialize-schema")).ToHaveValueAsync("target");
            await Expect(dialog.GetByTestId("materialize-database")).ToHaveValueAsync("The workbench's database");
            await dialog.GetByTestId("materialize-database").ClickAsync();
            var legacy = session.Page.Locator(".mud-list-item", new() { HasText = "Source: Legacy policies (PostgreSQL)" });
            await Expect(legacy).ToBeVisibleAsync();
            await session.ScreenshotAsync("materialize-dialog-databases");
            await session.Page.Keyboard.PressAsync("Escape");
            await Expect(legacy).ToHaveCountAsync(0);
            await Expect(dialog.GetByTestId("materialize-database-hint")).ToHaveCountAsync(0);
            await dialog.GetByTestId("materialize-schema").FillAsync("public");
            await dialog.GetByTestId("materialize-table").FillAsync(table);
            await session.Page.GetByTestId("materialize-start").ClickAsync();
            await Expect(dialog.GetByTestId("materialize-error")).ToContainTextAsync("The schema public holds the workbench's own tables");
            await session.ScreenshotAsync("materialize-dialog-refused");

            await dialog.GetByTestId("materialize-schema").FillAsync("target");
            await dialog.GetByTestId("materialize-table").FocusAsync();
            await Expect(dialog.GetByTestId("materialize-error")).ToHaveCountAsync(0);
            await Expect(dialog.GetByTestId("materialize-rejects")).ToContainTextAsync($"Keep them apart in {table}_rejects");
            await session.ScreenshotAsync("materialize-dialog");
            await session.Page.GetByTestId("materialize-start").ClickAsync();

            await Expect(session.Page.GetByTestId("materialize-enqueued")).ToContainTextAsync("Materialization enqueued as job #");
            await session.ScreenshotAsync("materialize-enqueued");
            await session.Page.GetByTestId("materialize-jobs-link").ClickAsync();
            await session.WaitForCircuitAsync();
            var row = session.Page.GetByTestId("jobs-grid").Locator("tbody tr", new() { HasText = $"target.{table}" });
            await Expect(row.GetByTestId("job-state")).ToHaveTextAsync("Succeeded", new() { Timeout = 60_000 });
            await Expect(row).ToContainTextAsync($"Policy migration {tag} v1 → target.{table}");
            await Expect(row).ToContainTextAsync("materialize-view");
            await Expect(row.GetByTestId("job-progress-note")).ToContainTextAsync("written");
            await session.ScreenshotAsync("materialize-jobs");
            await row.Locator(".wb-job-name").ClickAsync();
            await Expect(session.Page.GetByTestId("result-reconciliation")).ToContainTextAsync("= keys kept");
            await Expect(session.Page.GetByTestId("result-written")).ToContainTextAsync($"target.{table}");
            await session.ScreenshotAsync("materialize-job-result");

            await session.GotoAsync("/lineage");
            await session.Page.GetByTestId("lineage-search").FillAsync($"target.{table}.premium_amount");
            await session.Page.GetByTestId("lineage-search").PressAsync("Enter");
            await Expect(session.Page.GetByTestId("lineage-details-name")).ToHaveTextAsync($"target.{table}.premium_amount");
            await Expect(session.Page.GetByTestId("lineage-graph")).ToHaveAttributeAsync("data-drawn-nodes", "3");
            await session.ScreenshotAsync("materialize-lineage");
            Assert.Empty(session.ConsoleErrors);
        });

    [Fact]
    public Task A_draft_version_offers_no_materialize_action() =>
        browser.RunAsync("materialize-draft", async session =>
        {
            var viewId = await browser.CopyOfDemoViewAsync($"Draft migration {Guid.NewGuid():N}"[..24]);

            await session.GotoAsync($"/views/{viewId}");
            await session.WaitForCircuitAsync();
            await session.Page.GetByTestId("tab-versions").ClickAsync();

            await Expect(session.Page.GetByTestId("versions")).ToContainTextAsync("draft");
            await Expect(session.Page.GetByTestId("materialize-v1")).ToHaveCountAsync(0);
        });

    /// <summary>The demo's view over its legacy table and FAST API, imported over HTTP and approved by someone other than its author.</summary>
    private async Task<Guid> ApprovedDemoViewAsync(string name)
    {
        var viewId = await browser.CopyOfDemoViewAsync(name);
        await using var connection = new NpgsqlConnection(browser.DatabaseConnectionString);
        await connection.ExecuteAsync("update view_version set status = 'submitted', status_changed_by = 'steward' where view_id = @viewId", new { viewId });
        await connection.ExecuteAsync(
            "update view_version set status = 'approved', status_changed_by = 'someone-else', status_changed_at = now() where view_id = @viewId",
            new { viewId });
        return viewId;
    }
}
