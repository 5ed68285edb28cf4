using System.Net;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Playwright;
using Npgsql;
using Workbench.BrowserTests.Infrastructure;
using Workbench.Storage.Accounts;
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

    [Fact]
    public async Task A_steward_submits_from_the_editor_and_another_user_approves_on_the_approvals_page()
    {
        var name = "Approval flow " + Guid.NewGuid().ToString("N")[..6];
        var id = await ImportAsync(Spec(name));

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
            await page.GetByRole(AriaRole.Navigation).GetByText("Approvals", new() { Exact = true }).ClickAsync();

            var row = page.GetByTestId("pending-row").Filter(new() { HasText = name });
            await Expect(row).ToContainTextAsync("None attached");
            var detail = page.GetByTestId("approval-detail");
            await Expect(detail.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync($"{name}, version 1");
            await Expect(detail).ToContainTextAsync("no version of this view is approved yet");
            await Expect(detail.GetByTestId("approval-diff")).ToContainTextAsync("Target field policy_id added");
            await Expect(detail.GetByTestId("approval-quality")).ToContainTextAsync("None attached");
            await session.ScreenshotAsync("approvals-page");

            await detail.GetByTestId("decision-comment").FillAsync("Keys and names checked.");
            await detail.GetByTestId("approve").ClickAsync();
            await Expect(page.GetByTestId("decision-message")).ToContainTextAsync($"Version 1 of {name} approved.");
            await Expect(count).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("no-pending")).ToBeVisibleAsync();
            var decided = page.GetByTestId("review-history").Locator("tr", new() { HasText = "approve" });
            await Expect(decided).ToContainTextAsync(approver.UserName);
            await Expect(decided).ToContainTextAsync("Keys and names checked.");
            await session.ScreenshotAsync("approvals-page-decided");
            Assert.Empty(session.ConsoleErrors);
        });

        await using var connection = new NpgsqlConnection(browser.DatabaseConnectionString);
        var (status, by) = await connection.QuerySingleAsync<(string, string)>(
            "select status, status_changed_by from view_version where view_id = @id::uuid and version = 1", new { id });
        Assert.Equal(("approved", approver.UserName), (status, by));
    }
}
