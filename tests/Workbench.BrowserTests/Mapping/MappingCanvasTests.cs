using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Workbench.BrowserTests.Infrastructure;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.BrowserTests.Mapping;

[Collection(MappingBrowserCollection.Name)]
public sealed class MappingCanvasTests(MappingBrowserFixture browser)
{
    private static string Spec(string name, string mappings = "[]") => $$"""
        {
          "format": "workbench.view/1",
          "view": {
            "name": "{{name}}",
            "datasets": [ { "name": "legacy.policies" }, { "name": "fast.policies" }, { "name": "files.agents_csv" } ],
            "relationships": [ { "left": "legacy.policies", "right": "fast.policies", "keys": [ { "leftField": "pol_num", "rightField": "policyId" } ], "kind": "fullOuter" } ],
            "target": [
              { "name": "policy_id", "type": "text", "required": true },
              { "name": "holder_name", "type": "text" },
              { "name": "effective_date", "type": "date" }
            ],
            "mappings": {{mappings}},
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
    public Task A_connection_dragged_with_the_mouse_is_saved_and_survives_a_reload() =>
        browser.RunAsync("mapping-drag", async session =>
        {
            var id = await ImportAsync(Spec("Drag test view"));
            await session.GotoAsync($"/views/{id}");
            var page = session.Page;
            await Expect(page).ToHaveTitleAsync("Drag test view · Workbench");

            var port = page.GetByTestId("port-out-legacy.policies.pol_num");
            var target = page.GetByTestId("target-policy_id");
            var from = (await port.BoundingBoxAsync())!;
            var to = (await target.BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(from.X + from.Width / 2, from.Y + from.Height / 2);
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync((from.X + to.X) / 2, (from.Y + to.Y) / 2, new MouseMoveOptions { Steps = 5 });
            await page.Mouse.MoveAsync(to.X + to.Width / 2, to.Y + to.Height / 2, new MouseMoveOptions { Steps = 5 });
            await page.Mouse.UpAsync();

            var connector = page.GetByTestId("connector-legacy.policies.pol_num--policy_id");
            await Expect(connector).ToHaveCountAsync(1);
            await Expect(page.GetByTestId("connection-panel")).ToContainTextAsync("legacy.policies.pol_num → policy_id");
            await page.GetByTestId("save-view").ClickAsync();
            await Expect(page.GetByTestId("view-version")).ToHaveTextAsync("version 2");

            await page.ReloadAsync();
            await session.WaitForCircuitAsync();
            await Expect(page.GetByTestId("connector-legacy.policies.pol_num--policy_id")).ToHaveCountAsync(1);
            await Expect(page.GetByTestId("view-version")).ToHaveTextAsync("version 2");
            Assert.Empty(session.ConsoleErrors);
        });

    [Fact]
    public Task The_keyboard_path_maps_without_the_mouse_and_delete_and_undo_work() =>
        browser.RunAsync("mapping-keyboard", async session =>
        {
            var id = await ImportAsync(Spec("Keyboard test view"));
            await session.GotoAsync($"/views/{id}");
            var page = session.Page;

            var source = page.GetByTestId("pick-source");
            await source.FocusAsync();
            await source.SelectOptionAsync(new SelectOptionValue { Label = "fast.policies.holderName" });
            await page.Keyboard.PressAsync("Tab");
            await Expect(page.GetByTestId("pick-target")).ToBeFocusedAsync();
            await page.GetByTestId("pick-target").SelectOptionAsync(new SelectOptionValue { Label = "holder_name" });
            await page.Keyboard.PressAsync("Tab");
            await Expect(page.GetByTestId("map-picked")).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Enter");

            var connector = page.GetByTestId("connector-fast.policies.holderName--holder_name");
            await Expect(connector).ToHaveCountAsync(1);

            await connector.FocusAsync();
            await page.Keyboard.PressAsync("Delete");
            await Expect(connector).ToHaveCountAsync(0);

            await page.GetByTestId("undo").ClickAsync();
            await Expect(connector).ToHaveCountAsync(1);
            await page.GetByTestId("redo").ClickAsync();
            await Expect(connector).ToHaveCountAsync(0);
        });

    [Fact]
    public Task Several_sources_show_their_precedence_and_a_collapsed_dataset_keeps_its_links() =>
        browser.RunAsync("mapping-canvas-extras", async session =>
        {
            var mappings = """
                [ { "target": "policy_id", "sources": [
                    { "field": { "dataset": "legacy.policies", "field": "pol_num" }, "transforms": [] },
                    { "field": { "dataset": "fast.policies", "field": "policyId" }, "transforms": [ { "kind": "trim" } ] } ] } ]
                """;
            var id = await ImportAsync(Spec("Extras test view", mappings));
            await session.GotoAsync($"/views/{id}");
            var page = session.Page;

            var first = page.GetByTestId("connector-legacy.policies.pol_num--policy_id");
            var second = page.GetByTestId("connector-fast.policies.policyId--policy_id");
            await Expect(first.Locator(".wb-link-label")).ToHaveTextAsync("1");
            await Expect(second.Locator(".wb-link-label")).ToContainTextAsync("2 · trim");
            await Expect(page.Locator(".wb-navigator")).ToBeVisibleAsync();

            // Collapsed, the dataset shows no field rows; its link stays, drawn from the header.
            await page.GetByTestId("collapse-legacy.policies").ClickAsync();
            await Expect(page.GetByTestId("source-legacy.policies.pol_num")).ToHaveCountAsync(0);
            await Expect(first).ToHaveCountAsync(1);
            await Expect(first.Locator(".wb-link-label")).ToHaveTextAsync("1");
            await page.GetByTestId("collapse-legacy.policies").ClickAsync();
            await Expect(page.GetByTestId("source-legacy.policies.pol_num")).ToBeVisibleAsync();

            // Arranging again keeps every link.
            await page.GetByTestId("arrange-canvas").ClickAsync();
            await Expect(first).ToHaveCountAsync(1);
            await Expect(second).ToHaveCountAsync(1);
            Assert.Empty(session.ConsoleErrors);
        });

    [Fact]
    public Task A_transform_shows_a_live_preview_with_failures_counted() =>
        browser.RunAsync("mapping-preview", async session =>
        {
            var mappings = """[ { "target": "effective_date", "sources": [ { "field": { "dataset": "legacy.policies", "field": "eff_date" }, "transforms": [] } ] } ]""";
            var id = await ImportAsync(Spec("Preview test view", mappings));
            await session.GotoAsync($"/views/{id}");
            var page = session.Page;
            await Expect(page.GetByTestId("validation")).ToContainTextAsync("add a cast or parse");

            await page.GetByTestId("connector-legacy.policies.eff_date--effective_date").ClickAsync();
            await page.GetByTestId("add-transform-kind").SelectOptionAsync("parseDate");
            await page.GetByTestId("add-transform").ClickAsync();

            // 20 sample rows: 5 "unknown" and 5 impossible February dates fail, the rest parse.
            await Expect(page.GetByTestId("preview-summary")).ToContainTextAsync("10 of 20 converted, 10 failed");
            await Expect(page.GetByTestId("preview-table")).ToContainTextAsync("failed: parse date");
            await Expect(page.GetByTestId("validation")).Not.ToContainTextAsync("effective_date");
        });

    [Fact]
    public Task A_second_save_from_an_old_version_is_refused_and_nothing_typed_is_lost() =>
        browser.RunAsync("mapping-conflict", async session =>
        {
            var id = await ImportAsync(Spec("Conflict test view"));
            await session.GotoAsync($"/views/{id}");
            var page = session.Page;
            await page.GetByTestId("pick-source").SelectOptionAsync(new SelectOptionValue { Label = "legacy.policies.pol_num" });
            await page.GetByTestId("pick-target").SelectOptionAsync(new SelectOptionValue { Label = "policy_id" });
            await page.GetByTestId("map-picked").ClickAsync();
            var mine = page.GetByTestId("connector-legacy.policies.pol_num--policy_id");
            await Expect(mine).ToHaveCountAsync(1);

            // Another steward saves version 2 first.
            var theirs = """[ { "target": "holder_name", "sources": [ { "field": { "dataset": "fast.policies", "field": "holderName" }, "transforms": [] } ] } ]""";
            await ImportAsync(Spec("Conflict test view", theirs));

            await page.GetByTestId("save-view").ClickAsync();
            await Expect(page.GetByTestId("save-conflict")).ToContainTextAsync("saved version 2");
            await Expect(mine).ToHaveCountAsync(1);

            await page.GetByTestId("reload-theirs").ClickAsync();
            await Expect(page.GetByTestId("connector-fast.policies.holderName--holder_name")).ToHaveCountAsync(1);
            await Expect(mine).ToHaveCountAsync(0);

            await page.GetByTestId("undo").ClickAsync();
            await Expect(mine).ToHaveCountAsync(1);
            await page.GetByTestId("save-view").ClickAsync();
            await Expect(page.GetByTestId("view-version")).ToHaveTextAsync("version 3");
        });
}

[Collection(MappingBrowserCollection.Name)]
public sealed class ViewsPageTests(MappingBrowserFixture browser)
{
    [Fact]
    public Task A_view_created_from_three_datasets_opens_on_the_canvas_with_suggestions() =>
        browser.RunAsync("views-create", async session =>
        {
            await session.GotoAsync("/views");
            var page = session.Page;
            await Expect(page).ToHaveTitleAsync("Views & Mapping · Workbench");

            await page.GetByTestId("new-view-name").FillAsync("Three sources view");
            await page.GetByTestId("pick-legacy.policies").CheckAsync();
            await page.GetByTestId("pick-fast.policies").CheckAsync();
            await page.GetByTestId("pick-files.agents_csv").CheckAsync();
            await page.GetByTestId("create-view").ClickAsync();

            await Expect(page).ToHaveTitleAsync("Three sources view · Workbench");
            await Expect(page.GetByTestId("dataset-files.agents_csv")).ToBeVisibleAsync();

            await page.GetByTestId("tab-schema").ClickAsync();
            await page.GetByTestId("new-target-name").FillAsync("policy_id");
            await page.GetByTestId("add-target").ClickAsync();
            await Expect(page.GetByTestId("target-policy_id")).ToBeVisibleAsync();

            await page.GetByTestId("tab-suggestions").ClickAsync();
            await Expect(page.GetByTestId("suggestion-legacy.policies.pol_num--policy_id")).ToContainTextAsync("100%");
            await page.GetByTestId("accept-above").ClickAsync();
            await Expect(page.GetByTestId("connector-fast.policies.policyId--policy_id")).ToHaveCountAsync(1);
            await Expect(page.GetByTestId("connector-legacy.policies.pol_num--policy_id")).ToHaveCountAsync(1);
        });
}
