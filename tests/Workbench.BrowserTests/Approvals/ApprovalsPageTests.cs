using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Npgsql;
using Workbench.BrowserTests.Infrastructure;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.BrowserTests.Approvals;

[Collection(BrowserCollection.Name)]
public sealed class ApprovalsPageTests(BrowserFixture browser)
{
    // The demo's datasets; a spec naming datasets that do not exist would import as well.
    private static string Spec(string name) => $$"""
        {
          "format": "workbench.view/1",
          "view": {
            "name": "{{name}}",
            "datasets": [ { "name": "Legacy policies (PostgreSQL).legacy.policies" }, { "name": "FAST platform API.policies" } ],
            "relationships": [ { "left": "Legacy policies (PostgreSQL).legacy.policies", "right": "FAST platform API.policies",
                                 "keys": [ { "leftField": "pol_num", "rightField": "policyId" } ], "kind": "fullOuter" } ],
            "target": [ { "name": "policy_id", "type": "text", "required": true }, { "name": "holder_name", "type": "text" } ],
            "mappings": [ { "target": "policy_id", "sources": [
                { "field": { "dataset": "Legacy policies (PostgreSQL).legacy.policies", "field": "pol_num" }, "transforms": [ { "kind": "trim" } ] } ] } ],
            "rules": []
          }
        }
        """;

    private async Task<string> ImportAsync(string json)
    {
        using var http = await WorkbenchClient.SignedInAsync(browser.App, Roles.Steward);
        using var response = await http.PostAsync("/api/views/import", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>A finished quality preview of version 1, as the preview runner stores it, so the submission attaches it.</summary>
    private async Task<long> StoreQualityRunAsync(string viewId)
    {
        await using var connection = new NpgsqlConnection(browser.DatabaseConnectionString);
        return await connection.ExecuteScalarAsync<long>("""
            insert into quality_run (view_id, view_version, fingerprint, status, engine, summary, actor, finished_at)
            values (@viewId::uuid, 1, 'test', 'succeeded', 'streaming', @summary::jsonb, 'tester', now()) returning id
            """, new
        {
            viewId,
            summary = """
                { "engine": "streaming", "sources": ["legacy", "fast"], "keys": 1200, "presence": { "legacy+fast": 1190, "legacy": 10 },
                  "fields": [], "duplicates": {}, "nullKeys": {}, "ruleFailures": [], "rowsScanned": { "legacy": 1200, "fast": 1190 },
                  "issueCounts": { "presence": 5, "mismatch": 2 } }
                """,
        });
    }

    [Fact]
    public async Task A_steward_submits_from_the_editor_and_another_user_approves_on_the_approvals_page()
    {
        var name = "Approval flow " + Guid.NewGuid().ToString("N")[..6];
        var id = await ImportAsync(Spec(name));
        var runId = await StoreQualityRunAsync(id);

        await browser.RunAsAsync("approvals-submit", [Roles.Steward], async session =>
        {
            await session.GotoAsync($"/views/{id}");
            var page = session.Page;
            await Expect(page.GetByTestId("version-status")).ToHaveTextAsync("draft");
            await page.GetByTestId("submit-version").ClickAsync();
            await Expect(page.GetByTestId("version-status")).ToHaveTextAsync("submitted");
            await Expect(page.GetByTestId("withdraw-version")).ToBeVisibleAsync();
            await page.GetByTestId("tab-versions").ClickAsync();
            await Expect(page.GetByTestId("version-1-status")).ToHaveTextAsync("submitted");
            await session.ScreenshotAsync("approvals-editor-submitted");
            Assert.Empty(session.ConsoleErrors);
        });

        var approver = await browser.UserWithRolesAsync(Roles.Approver);
        await browser.RunAsync("approvals-approve", approver, async session =>
        {
            var page = session.Page;
            await session.GotoAsync("/");
            var count = page.GetByTestId("nav-approvals-count");
            await Expect(count).ToHaveTextAsync("1");
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByText("Approvals", new() { Exact = true }).ClickAsync();

            var row = page.GetByTestId("pending").GetByRole(AriaRole.Row).Filter(new() { HasText = name });
            await Expect(row).ToContainTextAsync($"Run #{runId}: 1,200 keys, 7 issues");
            var detail = page.GetByTestId("approval-detail");
            await Expect(detail.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync($"{name}, version 1");
            await Expect(detail).ToContainTextAsync("no version of this view is approved yet");
            await Expect(detail.GetByTestId("approval-diff")).ToContainTextAsync("Target field policy_id added");
            await Expect(detail.GetByTestId("approval-quality")).ToContainTextAsync($"Run #{runId}: 1,200 keys, 7 issues");
            await session.ScreenshotAsync("approvals-page");

            await detail.GetByTestId("approve").ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await dialog.GetByLabel("Comment (optional)").FillAsync("Keys and names checked.");
            await session.ScreenshotAsync("approvals-decision-dialog");
            await dialog.GetByTestId("confirm-decision").ClickAsync();
            await Expect(dialog).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("decision-message")).ToContainTextAsync($"Version 1 of {name} approved.");
            await Expect(count).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("no-pending")).ToBeVisibleAsync();
            var decided = page.GetByTestId("review-history").Locator("tr", new() { HasText = "approve" });
            await Expect(decided).ToContainTextAsync(approver.UserName);
            await Expect(decided).ToContainTextAsync("Keys and names checked.");
            await session.ScreenshotAsync("approvals-page-decided");
            Assert.Empty(session.ConsoleErrors);
        });

        await browser.RunAsAsync("approvals-editor-approved", [Roles.Steward], async session =>
        {
            await session.GotoAsync($"/views/{id}");
            var page = session.Page;
            await Expect(page.GetByTestId("version-status")).ToHaveTextAsync("approved");
            await Expect(page.GetByTestId("submit-version")).ToHaveCountAsync(0);
            await page.GetByTestId("tab-versions").ClickAsync();
            await Expect(page.GetByTestId("version-1-review").First).ToContainTextAsync($"Approved by {approver.UserName}");
            await Expect(page.GetByTestId("version-1-review").First).ToContainTextAsync("Keys and names checked.");
            await session.ScreenshotAsync("approvals-editor-approved");
        });

        await using var connection = new NpgsqlConnection(browser.DatabaseConnectionString);
        var (status, by) = await connection.QuerySingleAsync<(string, string)>(
            "select status, status_changed_by from view_version where view_id = @id::uuid and version = 1", new { id });
        Assert.Equal(("approved", approver.UserName), (status, by));
    }

    [Fact]
    public async Task The_author_holding_every_role_sees_why_they_cannot_decide_and_no_buttons()
    {
        var name = "Own approval " + Guid.NewGuid().ToString("N")[..6];
        using var http = await WorkbenchClient.SignedInAsync(browser.App, browser.DefaultUser);
        using var imported = await http.PostAsync("/api/views/import", new StringContent(Spec(name), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var id = JsonDocument.Parse(await imported.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        using var submitted = await http.PostAsync($"/api/views/{id}/versions/1/submit", JsonContent.Create(new { comment = "mine" }));
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        try
        {
            await browser.RunAsync("approvals-self", async session =>
            {
                await session.GotoAsync("/approvals");
                var page = session.Page;
                await page.GetByRole(AriaRole.Button, new() { Name = $"Review {name} version 1" }).ClickAsync();
                var detail = page.GetByTestId("approval-detail");
                await Expect(detail.GetByTestId("self-approval-note")).ToContainTextAsync("You authored this version");
                await Expect(detail.GetByTestId("approve")).ToHaveCountAsync(0);
                Assert.Empty(session.ConsoleErrors);
            });
        }
        finally
        {
            // Leaves nothing waiting, so the other tests count from zero.
            using var withdrawn = await http.PostAsync($"/api/views/{id}/versions/1/withdraw", JsonContent.Create(new { comment = "done" }));
            Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        }
    }
}
