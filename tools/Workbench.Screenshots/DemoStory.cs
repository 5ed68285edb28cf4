using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workbench.Testing;
using static Microsoft.Playwright.Assertions;

namespace Workbench.Screenshots;

/// <summary>The README's demo story, one picture a step: story-1-sign-in.png ... story-8-lineage.png.</summary>
public static partial class DemoStory
{
    /// <summary>The table the story materializes into: the Materialize dialog's suggestion for "Policy migration".</summary>
    public const string Table = "target.policy_migration";

    /// <summary>The demo view's id, known once step 3 opened it.</summary>
    public static Guid ViewId { get; private set; }

    public static async Task RunAsync(Camera camera, TestUser sam, TestUser ava)
    {
        Console.WriteLine("The demo story");
        await SignInAsync(camera, sam);
        await SourcesAsync(camera, sam);
        await ViewAsync(camera, sam);
        await PreviewAsync(camera, sam);
        await SubmitAsync(camera, sam);
        await ApproveAsync(camera, ava);
        await MaterializeAsync(camera, sam);
        await LineageAsync(camera, sam);
    }

    /// <summary>1. The sign-in form, filled in.</summary>
    private static async Task SignInAsync(Camera camera, TestUser sam)
    {
        var page = await camera.PageAsync(null);
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("User name").FillAsync(sam.UserName);
        await page.GetByLabel("Password").FillAsync(sam.Password);
        var signIn = page.GetByRole(AriaRole.Button, new() { Name = "Sign in" });
        await camera.ShootAsync(page, "story-1-sign-in", signIn);
        await signIn.ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await Camera.CloseAsync(page);
    }

    /// <summary>2. The demo's three sources.</summary>
    private static async Task SourcesAsync(Camera camera, TestUser sam)
    {
        var page = await camera.PageAsync(sam);
        await Camera.GotoAsync(page, "/sources");
        var grid = page.GetByTestId("sources-grid");
        foreach (var name in DemoSources.Names)
            await Expect(grid).ToContainTextAsync(name);
        await camera.ShootAsync(page, "story-2-sources", grid);
        await Camera.CloseAsync(page);
    }

    /// <summary>3. The Policy migration view on the canvas (created at start-up with the demo sources).</summary>
    private static async Task ViewAsync(Camera camera, TestUser sam)
    {
        var page = await camera.PageAsync(sam);
        await Camera.GotoAsync(page, "/views");
        await page.GetByRole(AriaRole.Link, new() { Name = "Policy migration" }).ClickAsync();
        await page.WaitForURLAsync(ViewUrl());
        ViewId = Guid.Parse(ViewUrl().Match(page.Url).Groups[1].Value);
        await WaitForCanvasAsync(page);
        await camera.ShootAsync(page, "story-3-view", page.GetByTestId("mapping-canvas"));
        await Camera.CloseAsync(page);
    }

    /// <summary>Opens the canvas drawn and fitted to the viewport.</summary>
    public static async Task WaitForCanvasAsync(IPage page)
    {
        await Camera.WaitForCircuitAsync(page);
        var canvas = page.GetByTestId("mapping-canvas");
        await Expect(canvas).ToBeVisibleAsync();
        await Expect(canvas.Locator("[data-testid^='connector-']").First).ToBeAttachedAsync();
        await page.GetByTestId("fit").ClickAsync();
    }

    /// <summary>4. Its quality preview, run from the editor's link.</summary>
    private static async Task PreviewAsync(Camera camera, TestUser sam)
    {
        var page = await camera.PageAsync(sam);
        await Camera.GotoAsync(page, $"/views/{ViewId}");
        await page.GetByTestId("preview-quality").ClickAsync();
        await page.WaitForURLAsync(new Regex(@"/quality\?view="));
        await Camera.WaitForCircuitAsync(page);
        await page.GetByTestId("run-preview").ClickAsync();
        await Expect(page.GetByTestId("preview-outcome")).ToHaveAttributeAsync("data-cached", "false", new() { Timeout = 180_000 });
        await camera.ShootAsync(page, "story-4-quality", page.GetByTestId("quality-report"));
        await Camera.CloseAsync(page);
    }

    /// <summary>5. Submitted for approval from the editor.</summary>
    private static async Task SubmitAsync(Camera camera, TestUser sam)
    {
        var page = await camera.PageAsync(sam);
        await Camera.GotoAsync(page, $"/views/{ViewId}");
        await page.GetByTestId("submit-version").ClickAsync();
        await Expect(page.GetByTestId("version-status")).ToHaveTextAsync("submitted");
        await WaitForCanvasAsync(page);
        await camera.ShootAsync(page, "story-5-submitted", page.GetByTestId("withdraw-version"));
        await Camera.CloseAsync(page);
    }

    /// <summary>6. Reviewed and approved by another user.</summary>
    private static async Task ApproveAsync(Camera camera, TestUser ava)
    {
        var page = await camera.PageAsync(ava);
        await Camera.GotoAsync(page, "/approvals");
        await Expect(page.GetByTestId("pending").GetByRole(AriaRole.Row).Filter(new() { HasText = "Policy migration" })).ToBeVisibleAsync();
        var detail = page.GetByTestId("approval-detail");
        await Expect(detail.GetByRole(AriaRole.Heading, new() { Level = 2 })).ToHaveTextAsync("Policy migration, version 1");
        await Expect(detail.GetByTestId("approval-quality")).ToContainTextAsync("keys");
        await detail.GetByTestId("approve").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("Comment (optional)").FillAsync("Keys and premiums checked; unreadable legacy dates go to the rejects.");
        await camera.ShootAsync(page, "story-6-approve", dialog.GetByTestId("confirm-decision"));
        await dialog.GetByTestId("confirm-decision").ClickAsync();
        await Expect(page.GetByTestId("decision-message")).ToContainTextAsync("approved");
        await Camera.CloseAsync(page);
    }

    /// <summary>7. Materialized from the Versions tab, and followed to success on the Jobs page.</summary>
    private static async Task MaterializeAsync(Camera camera, TestUser sam)
    {
        var page = await camera.PageAsync(sam);
        await Camera.GotoAsync(page, $"/views/{ViewId}");
        await page.GetByTestId("tab-versions").ClickAsync();
        await page.GetByTestId("materialize-v1").ClickAsync();
        var dialog = page.GetByTestId("materialize-dialog");
        await Expect(dialog.GetByTestId("materialize-schema")).ToHaveValueAsync("target");
        await Expect(dialog.GetByTestId("materialize-table")).ToHaveValueAsync(Table.Split('.')[1]);
        await camera.ShootAsync(page, "story-7-materialize", page.GetByTestId("materialize-start"));
        await page.GetByTestId("materialize-start").ClickAsync();
        await Expect(page.GetByTestId("materialize-enqueued")).ToContainTextAsync("Materialization enqueued as job #");
        await page.GetByTestId("materialize-jobs-link").ClickAsync();
        await Camera.WaitForCircuitAsync(page);
        var row = page.GetByTestId("jobs-grid").Locator("tbody tr", new() { HasText = Table });
        await Expect(row.GetByTestId("job-state")).ToHaveTextAsync("Succeeded", new() { Timeout = 180_000 });
        await Camera.CloseAsync(page);
    }

    /// <summary>8. The lineage of a column of the new table.</summary>
    private static async Task LineageAsync(Camera camera, TestUser sam)
    {
        var page = await camera.PageAsync(sam);
        await ShowColumnLineageAsync(page);
        await camera.ShootAsync(page, "story-8-lineage", page.GetByTestId("lineage-graph"));
        await Camera.CloseAsync(page);
    }

    /// <summary>The Lineage page on the new table's premium_amount column, drawn.</summary>
    private static async Task ShowColumnLineageAsync(IPage page)
    {
        var column = $"{Table}.premium_amount";
        await Camera.GotoAsync(page, "/lineage");
        await page.GetByTestId("lineage-search").FillAsync(column);
        await page.GetByTestId("lineage-search").PressAsync("Enter");
        await Expect(page.GetByTestId("lineage-details-name")).ToHaveTextAsync(column);
        await page.Locator("[data-testid=lineage-graph][data-painted-ms]").WaitForAsync();
    }

    [GeneratedRegex("/views/([0-9a-f-]{36})$")]
    private static partial Regex ViewUrl();
}
