using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workbench.Testing;
using static Microsoft.Playwright.Assertions;

namespace Workbench.Screenshots;

/// <summary>
/// One picture of each main page after the story (page-overview.png ...), each as the user who works there, and a few
/// in the dark theme (…-dark.png).
/// </summary>
public static class MainPages
{
    public static async Task RunAsync(Camera camera, TestUser sam, TestUser ava, TestUser admin)
    {
        Console.WriteLine("The main pages");
        foreach (var dark in new[] { false, true })
        {
            var suffix = dark ? "-dark" : "";
            await OverviewAsync(camera, admin, dark, "page-overview" + suffix);
            await ViewEditorAsync(camera, sam, dark, "page-view-editor" + suffix);
            await ViewsAsync(camera, sam, dark, "page-views" + suffix);
            await QualityAsync(camera, sam, dark, "page-quality" + suffix);
            await LineageAsync(camera, sam, dark, "page-lineage" + suffix);
        }
        await SourcesAsync(camera, sam);
        await DatasetAsync(camera, sam);
        await ApprovalsAsync(camera, ava);
        await JobsAsync(camera, sam);
        await AuditAsync(camera, admin);
        await UsersAsync(camera, admin);
    }

    private static async Task OverviewAsync(Camera camera, TestUser admin, bool dark, string name)
    {
        var page = await camera.PageAsync(admin, dark);
        await Camera.GotoAsync(page, "/");
        await Expect(page.GetByTestId("glance-views")).ToHaveTextAsync("1");
        await Expect(page.GetByTestId("store-status")).ToBeVisibleAsync();
        await camera.ShootAsync(page, name, page.GetByTestId("glance"));
        await Camera.CloseAsync(page);
    }

    private static async Task ViewEditorAsync(Camera camera, TestUser sam, bool dark, string name)
    {
        var page = await camera.PageAsync(sam, dark);
        await Camera.GotoAsync(page, $"/views/{DemoStory.ViewId}");
        await Expect(page.GetByTestId("version-status")).ToHaveTextAsync("approved");
        await DemoStory.WaitForCanvasAsync(page);
        await camera.ShootAsync(page, name, page.GetByTestId("mapping-canvas"));
        await Camera.CloseAsync(page);
    }

    /// <summary>The list of views, with its steward actions.</summary>
    private static async Task ViewsAsync(Camera camera, TestUser sam, bool dark, string name)
    {
        var page = await camera.PageAsync(sam, dark);
        await Camera.GotoAsync(page, "/views");
        await Expect(page.GetByTestId("views-table")).ToContainTextAsync("Policy migration");
        await camera.ShootAsync(page, name, page.GetByTestId("views-table"));
        await Camera.CloseAsync(page);
    }

    private static async Task SourcesAsync(Camera camera, TestUser sam)
    {
        var page = await camera.PageAsync(sam);
        await Camera.GotoAsync(page, "/sources");
        await Expect(page.GetByTestId("sources-grid")).ToContainTextAsync(DemoSources.Names[^1]);
        await camera.ShootAsync(page, "page-sources", page.GetByTestId("sources-grid"));
        await Camera.CloseAsync(page);
    }

    /// <summary>The legacy policies table, profiled on a sample.</summary>
    private static async Task DatasetAsync(Camera camera, TestUser sam)
    {
        var page = await camera.PageAsync(sam);
        await Camera.GotoAsync(page, "/sources");
        await page.GetByTestId("sources-grid").GetByRole(AriaRole.Link, new() { Name = DemoSources.Names[0], Exact = true }).ClickAsync();
        await Camera.WaitForCircuitAsync(page);
        await page.GetByTestId("datasets-grid").GetByRole(AriaRole.Link).First.ClickAsync();
        await Camera.WaitForCircuitAsync(page);
        await Expect(page.GetByTestId("fields-grid")).ToContainTextAsync("pol_num");
        await page.GetByTestId("profile-sample").ClickAsync();
        await Expect(page.GetByTestId("profile-summary")).ToContainTextAsync("rows");
        await camera.ShootAsync(page, "page-dataset", page.GetByTestId("fields-grid"));
        await Camera.CloseAsync(page);
    }

    /// <summary>The stored previews, the newest shown.</summary>
    private static async Task QualityAsync(Camera camera, TestUser sam, bool dark, string name)
    {
        var page = await camera.PageAsync(sam, dark);
        await Camera.GotoAsync(page, "/quality");
        await Expect(page.GetByTestId("runs-grid")).ToContainTextAsync("Policy migration");
        await camera.ShootAsync(page, name, page.GetByTestId("quality-report"));
        await Camera.CloseAsync(page);
    }

    /// <summary>Nothing waiting any more, and the decision in the history.</summary>
    private static async Task ApprovalsAsync(Camera camera, TestUser ava)
    {
        var page = await camera.PageAsync(ava);
        await Camera.GotoAsync(page, "/approvals");
        await Expect(page.GetByTestId("review-history")).ToContainTextAsync("approve");
        await camera.ShootAsync(page, "page-approvals", page.GetByTestId("review-history"));
        await Camera.CloseAsync(page);
    }

    /// <summary>The materialization, finished, with its detail open.</summary>
    private static async Task JobsAsync(Camera camera, TestUser sam)
    {
        var page = await camera.PageAsync(sam);
        await Camera.GotoAsync(page, "/jobs");
        var row = page.GetByTestId("jobs-grid").Locator("tbody tr", new() { HasText = DemoStory.Table });
        await Expect(row.GetByTestId("job-state")).ToHaveTextAsync("Succeeded");
        await row.Locator(".wb-job-name").ClickAsync();
        await Expect(page.GetByTestId("result-reconciliation")).ToBeVisibleAsync();
        await camera.ShootAsync(page, "page-jobs", page.GetByTestId("job-detail"));
        await Camera.CloseAsync(page);
    }

    /// <summary>The new table with each of its columns traced to the source fields it came from.</summary>
    private static async Task LineageAsync(Camera camera, TestUser sam, bool dark, string name)
    {
        var page = await camera.PageAsync(sam, dark);
        await Camera.GotoAsync(page, "/lineage");
        await page.GetByTestId("lineage-search").FillAsync(DemoStory.Table);
        await page.GetByTestId("lineage-search").PressAsync("Enter");
        await page.GetByTestId("lineage-results").Locator("button", new() { HasTextRegex = new Regex(Regex.Escape(DemoStory.Table) + "$") }).ClickAsync();
        await Expect(page.GetByTestId("lineage-details-name")).ToHaveTextAsync(DemoStory.Table);
        await page.Locator("[data-testid=lineage-graph][data-painted-ms]").WaitForAsync();
        await camera.ShootAsync(page, name, page.GetByTestId("lineage-graph"));
        await Camera.CloseAsync(page);
    }

    private static async Task AuditAsync(Camera camera, TestUser admin)
    {
        var page = await camera.PageAsync(admin);
        await Camera.GotoAsync(page, "/audit");
        await Expect(page.GetByTestId("audit-grid")).ToContainTextAsync("materialize");
        await camera.ShootAsync(page, "page-audit", page.GetByTestId("audit-grid"));
        await Camera.CloseAsync(page);
    }

    private static async Task UsersAsync(Camera camera, TestUser admin)
    {
        var page = await camera.PageAsync(admin);
        await Camera.GotoAsync(page, "/admin/users");
        await Expect(page.GetByTestId("users-grid")).ToContainTextAsync("Ava Approver");
        await camera.ShootAsync(page, "page-users", page.GetByTestId("users-grid"));
        await Camera.CloseAsync(page);
    }
}
