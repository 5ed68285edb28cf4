using System.Net;
using System.Text;
using Workbench.BrowserTests.Infrastructure;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.BrowserTests.Mapping;

/// <summary>The Views page: a steward dissolves a view with a reason, an admin restores it from the dissolved views.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DissolveViewPageTests(BrowserFixture browser)
{
    private static string Spec(string name) => $$"""
        { "format": "workbench.view/1",
          "view": { "name": "{{name}}", "datasets": [ { "name": "Legacy policies (PostgreSQL).legacy.policies" }, { "name": "FAST platform API.policies" } ],
                    "target": [ { "name": "policy_id", "type": "text", "required": true } ] } }
        """;

    [Fact]
    public async Task A_steward_dissolves_a_view_it_leaves_the_list_and_an_admin_restores_it()
    {
        var name = "Dissolve me " + Guid.NewGuid().ToString("N")[..6];
        using (var http = await WorkbenchClient.SignedInAsync(browser.App, Roles.Steward))
        using (var response = await http.PostAsync("/api/views/import", new StringContent(Spec(name), Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var safe = name.Replace(' ', '_');

        await browser.RunAsAsync("views-dissolve", [Roles.Steward], async session =>
        {
            await session.GotoAsync("/views");
            var page = session.Page;
            var row = page.GetByTestId("views-table").Locator("tr", new() { HasText = name });
            await Expect(row).ToBeVisibleAsync();
            await Expect(page.GetByTestId($"delete-{safe}")).ToBeVisibleAsync();
            await page.GetByTestId($"dissolve-{safe}").ClickAsync();
            await Expect(page.GetByTestId("view-confirm")).ToContainTextAsync($"Dissolve the view '{name}'?");
            await page.GetByTestId("dissolve-reason").FillAsync("Migration finished");
            await page.GetByTestId("confirm-action").ClickAsync();
            await Expect(page.GetByTestId("view-lifecycle-message")).ToContainTextAsync($"The view '{name}' is dissolved");
            await Expect(row).ToHaveCountAsync(0);
            // Not an admin: the dissolved views are not shown.
            await Expect(page.GetByTestId("no-dissolved-views")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("dissolved-views-table")).ToHaveCountAsync(0);
            Assert.Empty(session.ConsoleErrors);
        });

        await browser.RunAsAsync("views-restore", [Roles.Admin], async session =>
        {
            await session.GotoAsync("/views");
            var page = session.Page;
            await Expect(page.GetByTestId("dissolved-views-table")).ToContainTextAsync("Migration finished");
            // An admin who is no steward sees no Dissolve or Delete.
            await Expect(page.GetByTestId($"dissolve-{safe}")).ToHaveCountAsync(0);
            await page.GetByTestId($"restore-{safe}").ClickAsync();
            await Expect(page.GetByTestId("view-lifecycle-message")).ToContainTextAsync($"The view '{name}' is restored.");
            await Expect(page.GetByTestId("views-table").Locator("tr", new() { HasText = name })).ToBeVisibleAsync();
            await Expect(page.GetByTestId($"restore-{safe}")).ToHaveCountAsync(0);
            Assert.Empty(session.ConsoleErrors);
        });
    }
}
