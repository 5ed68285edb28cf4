using Microsoft.Playwright;
using Npgsql;
using Workbench.BrowserTests.Infrastructure;
using Workbench.Core.Lineage;
using Workbench.Application.Accounts;
using Workbench.Application.Lineage;
using Workbench.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.BrowserTests.Lineage;

[Collection(BrowserCollection.Name)]
public sealed class LineagePageTests(BrowserFixture browser)
{
    /// <summary>An approval and a job of a small policy migration, written through the writer approvals and jobs call.</summary>
    private async Task<string> WritePolicyLineageAsync(string suffix)
    {
        var legacy = new DatasetRef(LineageNamespaces.Workbench, $"legacy{suffix}.policies");
        var fast = new DatasetRef(LineageNamespaces.Workbench, $"fast{suffix}.policies");
        var target = new DatasetRef("postgres://target", $"public.policy{suffix}");
        ColumnEdge[] mapping =
        [
            new(new(legacy, "pol_num"), new(target, "policy_id"), "trim"),
            new(new(fast, "policyId"), new(target, "policy_id")),
            new(new(legacy, "premium"), new(target, "premium_amount"), "cast(decimal)"),
        ];
        await using var dataSource = NpgsqlDataSource.Create(browser.DatabaseConnectionString);
        var writer = new LineageWriter(dataSource);
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var view = new ViewVersionRef($"policies{suffix}", "Policies", 1, target, ApprovedBy: "bob", AuthoredBy: "alice");
        await writer.RecordMappingAsync(transaction, view, mapping);
        var run = new JobRunRecord(Guid.NewGuid(), LineageNamespaces.Jobs, "materialize-policies", RunState.Complete,
            DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow, view.Key);
        await writer.RecordJobRunAsync(transaction, run, [legacy, fast], [target], mapping);
        await transaction.CommitAsync();
        return target.Name;
    }

    private async Task<long> ColumnIdAsync(string qualifiedName)
    {
        await using var dataSource = NpgsqlDataSource.Create(browser.DatabaseConnectionString);
        return (await new LineageQueries(dataSource).SearchAsync(qualifiedName)).Single(n => n.Kind == LineageNodeKind.Column).Id;
    }

    private static Task<string[]> DrawnLabelsAsync(BrowserSession session) =>
        session.Page.GetByTestId("lineage-graph").EvaluateAsync<string[]>(
            "el => el.lineageGraph.nodes(':childless').map(n => n.data('label')).sort()");

    private static async Task ClickNodeAsync(BrowserSession session, string label)
    {
        var canvas = session.Page.GetByTestId("lineage-graph");
        var point = await canvas.EvaluateAsync<double[]>(
            "(el, label) => { const cy = el.lineageGraph; const n = cy.nodes().filter(n => n.data('label') === label)[0]; cy.center(n); " +
            "const p = n.renderedPosition(); return [p.x, p.y]; }", label);
        var box = (await canvas.BoundingBoxAsync())!;
        await session.Page.Mouse.ClickAsync((float)(box.X + point[0]), (float)(box.Y + point[1]));
    }

    /// <summary>A click on a node of the large form (drawn by the page's own canvas), zoomed in on it first.</summary>
    private static async Task ClickPlacedAsync(BrowserSession session, string label)
    {
        var canvas = session.Page.GetByTestId("lineage-graph");
        var point = await canvas.EvaluateAsync<double[]>("(el, label) => { const p = el.lineagePlaced.centreOn(label, 1); return [p.x, p.y]; }", label);
        var box = (await canvas.BoundingBoxAsync())!;
        await session.Page.Mouse.ClickAsync((float)(box.X + point[0]), (float)(box.Y + point[1]));
    }

    [Fact]
    public Task Searching_a_column_draws_the_fields_upstream_of_it_and_a_click_shows_their_details() =>
        browser.RunAsync("lineage-search", async session =>
        {
            var table = await WritePolicyLineageAsync("search");
            await session.GotoAsync("/lineage");
            await Expect(session.Page.Locator("h1")).ToHaveTextAsync("Lineage");

            await session.Page.GetByTestId("lineage-search").FillAsync($"{table}.policy_id");
            await session.Page.GetByTestId("lineage-search").PressAsync("Enter");

            var canvas = session.Page.GetByTestId("lineage-graph");
            await Expect(canvas).ToHaveAttributeAsync("data-drawn-nodes", "3");
            Assert.Equal(["pol_num", "policyId", "policy_id"], await DrawnLabelsAsync(session));
            await Expect(session.Page.GetByTestId("lineage-large")).ToHaveCountAsync(0);
            await Expect(session.Page.GetByTestId("lineage-details-name")).ToHaveTextAsync($"{table}.policy_id");
            Assert.Contains("node=", session.Page.Url);

            await ClickNodeAsync(session, "pol_num");

            await Expect(session.Page.GetByTestId("lineage-details-name")).ToHaveTextAsync("legacysearch.policies.pol_num");
            await Expect(session.Page.GetByTestId("lineage-details")).ToContainTextAsync("Policies v1: approved by bob");
            await Expect(session.Page.GetByTestId("lineage-runs")).ToContainTextAsync("COMPLETE");
            Assert.Empty(session.ConsoleErrors);
        });

    [Fact]
    public Task The_drawing_highlights_a_path_zooms_fits_and_exports_as_png_and_svg() =>
        browser.RunAsync("lineage-tools", async session =>
        {
            var table = await WritePolicyLineageAsync("tools");
            await session.GotoAsync($"/lineage?node={await ColumnIdAsync($"{table}.policy_id")}");
            var canvas = session.Page.GetByTestId("lineage-graph");
            await Expect(canvas).ToHaveAttributeAsync("data-drawn-nodes", "3");

            await ClickNodeAsync(session, "pol_num");
            await session.Page.Keyboard.DownAsync("Shift");
            await ClickNodeAsync(session, "policy_id");
            await session.Page.Keyboard.UpAsync("Shift");
            await Expect(session.Page.GetByTestId("lineage-message")).ToHaveTextAsync("Path from pol_num to policy_id highlighted.");
            Assert.Equal(3, await canvas.EvaluateAsync<int>("el => el.lineageGraph.elements('.path').length"));

            await WheelZoomsAndFitReturnsAsync(session, "lineageGraph");

            var svg = System.Text.Encoding.UTF8.GetString(await DownloadAsync(session, "lineage-svg", ".svg"));
            Assert.StartsWith("<svg", svg);
            Assert.Contains(">pol_num</text>", svg);
            Assert.Contains(">policy_id</text>", svg);
            Assert.Equal(PngSignature, (await DownloadAsync(session, "lineage-png", ".png"))[..8]);
            Assert.Empty(session.ConsoleErrors);
        });

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The file a toolbar button downloads, after checking its name ends as expected.</summary>
    private static async Task<byte[]> DownloadAsync(BrowserSession session, string button, string extension)
    {
        var download = await session.Page.RunAndWaitForDownloadAsync(() => session.Page.GetByTestId(button).ClickAsync());
        Assert.EndsWith(extension, download.SuggestedFilename);
        return await File.ReadAllBytesAsync(await download.PathAsync());
    }

    /// <summary>The wheel zooms in and Fit returns to the fitted view; <paramref name="handle"/> is the drawing's test handle.</summary>
    private static async Task WheelZoomsAndFitReturnsAsync(BrowserSession session, string handle)
    {
        var canvas = session.Page.GetByTestId("lineage-graph");
        await session.Page.GetByTestId("lineage-fit").ClickAsync();
        var fitted = await canvas.EvaluateAsync<double>($"el => el.{handle}.zoom()");
        await WheelAsync(session, -400);
        var zoom = $"document.querySelector('[data-testid=lineage-graph]').{handle}.zoom()";
        await session.Page.WaitForFunctionAsync($"z => {zoom} > z", fitted);
        // A wheel turn arrives as several events; Fit is pressed once the zoom has stopped moving, as a person would.
        await session.Page.WaitForFunctionAsync(
            $"() => {{ const z = {zoom}; const still = window.__lastZoom === z; window.__lastZoom = z; return still; }}",
            null, new() { PollingInterval = 250 });
        await session.Page.GetByTestId("lineage-fit").ClickAsync();
        await session.Page.WaitForFunctionAsync($"z => Math.abs({zoom} - z) < 1e-6", fitted);
        Assert.Equal(fitted, await canvas.EvaluateAsync<double>($"el => el.{handle}.zoom()"), precision: 6);
    }

    /// <summary>The mouse wheel over the middle of the drawing (negative: zoom in).</summary>
    private static async Task WheelAsync(BrowserSession session, float deltaY)
    {
        var box = (await session.Page.GetByTestId("lineage-graph").BoundingBoxAsync())!;
        await session.Page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await session.Page.Mouse.WheelAsync(0, deltaY);
    }

    [Fact]
    public Task Impact_of_a_field_lists_the_columns_that_would_change_and_who_approved_them() =>
        browser.RunAsync("lineage-impact", async session =>
        {
            await WritePolicyLineageAsync("impact");
            await session.GotoAsync("/lineage");
            await session.Page.GetByTestId("lineage-search").FillAsync("legacyimpact.policies.premium");
            await session.Page.GetByTestId("lineage-search").PressAsync("Enter");
            await Expect(session.Page.GetByTestId("lineage-details-name")).ToHaveTextAsync("legacyimpact.policies.premium");

            await session.Page.GetByTestId("lineage-impact").ClickAsync();

            var impact = session.Page.GetByTestId("lineage-impact-list");
            await Expect(impact).ToContainTextAsync("public.policyimpact.premium_amount");
            await Expect(impact).ToContainTextAsync("bob, Policies v1");
        });

    [Fact]
    public Task A_deep_link_at_dataset_level_draws_the_datasets_the_run_and_the_table() =>
        browser.RunAsync("lineage-datasets", async session =>
        {
            var table = await WritePolicyLineageAsync("datasets");
            await using var dataSource = NpgsqlDataSource.Create(browser.DatabaseConnectionString);
            var node = (await new LineageQueries(dataSource).SearchAsync(table)).Single(n => n.Kind == LineageNodeKind.Table);

            await session.GotoAsync($"/lineage?node={node.Id}&level=dataset");

            await Expect(session.Page.GetByTestId("lineage-graph")).ToHaveAttributeAsync("data-drawn-nodes", "5");
            var labels = await DrawnLabelsAsync(session);
            Assert.Contains("fastdatasets.policies", labels);
            Assert.Contains("legacydatasets.policies", labels);
            Assert.Contains("Policies v1", labels);
            Assert.Contains(labels, l => l.StartsWith("materialize-policies", StringComparison.Ordinal));
        });

    [Fact]
    public Task A_large_neighbourhood_is_drawn_with_dataset_headers_pans_from_a_node_and_answers_a_click() =>
        browser.RunAsync("lineage-large", async session =>
        {
            // 8 datasets of 50 fields feeding one column: 401 nodes, above the size drawn with boxes and dagre.
            var target = new DatasetRef("postgres://target", "public.wide_total");
            var mapping = Enumerable.Range(0, 400)
                .Select(i => new ColumnEdge(new(new DatasetRef(LineageNamespaces.Workbench, $"wide.part{i / 50}"), $"f{i % 50:00}"), new(target, "total"), "sum"))
                .ToArray();
            await using var dataSource = NpgsqlDataSource.Create(browser.DatabaseConnectionString);
            await using (var connection = await dataSource.OpenConnectionAsync())
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                await new LineageWriter(dataSource).RecordMappingAsync(transaction, new ViewVersionRef("wide", "Wide", 1, target, ApprovedBy: "bob", AuthoredBy: "alice"), mapping);
                await transaction.CommitAsync();
            }
            await session.GotoAsync($"/lineage?node={await ColumnIdAsync("public.wide_total.total")}");

            var canvas = session.Page.GetByTestId("lineage-graph");
            await Expect(canvas).ToHaveAttributeAsync("data-drawn-nodes", "401");
            await Expect(session.Page.GetByTestId("lineage-large")).ToContainTextAsync("401 nodes");
            await session.ScreenshotAsync("lineage-large");
            var headers = await canvas.EvaluateAsync<string[]>("el => el.lineagePlaced.nodes().filter(n => n.header).map(n => n.label).sort()");
            Assert.Equal(["public.wide_total", .. Enumerable.Range(0, 8).Select(i => $"wide.part{i}")], headers);
            Assert.Equal(0, await canvas.EvaluateAsync<int>("el => el.lineageGraph.elements().length"));

            // A drag that starts on a field moves the view, not the field.
            var before = await canvas.EvaluateAsync<double[]>(
                "el => { const v = el.lineagePlaced; const p = v.centreOn('f10', 1); const f = v.nodes().find(n => n.label === 'f10'); return [p.x, p.y, f.x, f.y, v.pan().x]; }");
            var box = (await canvas.BoundingBoxAsync())!;
            await session.Page.Mouse.MoveAsync((float)(box.X + before[0]), (float)(box.Y + before[1]));
            await session.Page.Mouse.DownAsync();
            await session.Page.Mouse.MoveAsync((float)(box.X + before[0] + 150), (float)(box.Y + before[1] + 60), new MouseMoveOptions { Steps = 4 });
            await session.Page.Mouse.UpAsync();
            var after = await canvas.EvaluateAsync<double[]>(
                "el => { const v = el.lineagePlaced; const f = v.nodes().find(n => n.label === 'f10'); return [f.x, f.y, v.pan().x]; }");
            Assert.Equal(before[2], after[0]);
            Assert.Equal(before[3], after[1]);
            Assert.Equal(before[4] + 150, after[2], precision: 3);
            await session.ScreenshotAsync("lineage-large-zoomed");

            await ClickPlacedAsync(session, "wide.part3");
            await Expect(session.Page.GetByTestId("lineage-details-name")).ToHaveTextAsync("wide.part3");
            await ClickPlacedAsync(session, "f07");
            await Expect(session.Page.GetByTestId("lineage-details-name")).ToHaveTextAsync("wide.part0.f07");
            await session.Page.Keyboard.DownAsync("Shift");
            await ClickPlacedAsync(session, "total");
            await session.Page.Keyboard.UpAsync("Shift");
            await Expect(session.Page.GetByTestId("lineage-message")).ToHaveTextAsync("Path from f07 to total highlighted.");
            await canvas.EvaluateAsync("el => el.lineagePlaced.centreOn('f07', 0.8)");
            await session.ScreenshotAsync("lineage-large-path");

            await WheelZoomsAndFitReturnsAsync(session, "lineagePlaced");

            var svg = System.Text.Encoding.UTF8.GetString(await DownloadAsync(session, "lineage-svg", ".svg"));
            Assert.Equal(401, System.Text.RegularExpressions.Regex.Count(svg, "<g data-id="));
            Assert.Contains(">wide.part3</text>", svg);
            Assert.Equal(PngSignature, (await DownloadAsync(session, "lineage-png", ".png"))[..8]);

            // A double-click centres the page on the node: its own, small, neighbourhood.
            var f07 = await canvas.EvaluateAsync<long>("el => el.lineagePlaced.nodes().find(n => n.label === 'f07').id");
            var point = await canvas.EvaluateAsync<double[]>("el => { const p = el.lineagePlaced.centreOn('f07', 1); return [p.x, p.y]; }");
            var frame = (await canvas.BoundingBoxAsync())!;
            await session.Page.Mouse.DblClickAsync((float)(frame.X + point[0]), (float)(frame.Y + point[1]));
            await Expect(canvas).ToHaveAttributeAsync("data-drawn-nodes", "2");
            Assert.Contains($"node={f07}", session.Page.Url);
            Assert.Equal(["f07", "total"], await DrawnLabelsAsync(session));
            Assert.Empty(session.ConsoleErrors);
        });

    [Fact]
    public Task A_chosen_node_is_drawn_before_the_circuit_is_up_and_the_page_takes_that_drawing_over() =>
        browser.RunAsync("lineage-early", async session =>
        {
            var table = await WritePolicyLineageAsync("early");
            var column = await ColumnIdAsync($"{table}.premium_amount");
            // The circuit cannot start while its negotiation is held back: whatever is drawn then was drawn without it.
            var release = new TaskCompletionSource();
            await session.Page.RouteAsync("**/_blazor/negotiate**", async route =>
            {
                await release.Task;
                await route.ContinueAsync();
            });

            await session.Page.GotoAsync($"/lineage?node={column}");

            var canvas = session.Page.GetByTestId("lineage-graph");
            await Expect(canvas).ToHaveAttributeAsync("data-drawn-nodes", "2");
            await Expect(canvas).ToHaveAttributeAsync("data-painted-ms", new System.Text.RegularExpressions.Regex("^[0-9]+$"));
            Assert.Equal(["premium", "premium_amount"], await DrawnLabelsAsync(session));
            Assert.False(await session.Page.EvaluateAsync<bool>("() => document.querySelector('[data-circuit-ready]') !== null"));
            await session.ScreenshotAsync("lineage-early");

            release.SetResult();
            await session.WaitForCircuitAsync();
            // One drawing, moved into the page's canvas and handed to it: not drawn a second time.
            // The drawing is moved into the canvas first and handed over a moment later: wait for the hand-over.
            await session.Page.WaitForFunctionAsync("() => window.workbenchEarlyLineage === null");
            await Expect(canvas.Locator(":scope > .wb-lineage-early")).ToHaveCountAsync(1);
            await ClickNodeAsync(session, "premium");
            await Expect(session.Page.GetByTestId("lineage-details-name")).ToHaveTextAsync("legacyearly.policies.premium");
            Assert.Empty(session.ConsoleErrors);
        });

    [Fact]
    public async Task An_empty_store_explains_how_lineage_appears()
    {
        var database = await TestPostgres.CreateDatabaseAsync("lineageempty");
        // Without the demo: registering its sources would already record their datasets.
        await using var app = await WorkbenchProcess.StartAsync(database, new Dictionary<string, string> { ["Demo:SeedWhenEmpty"] = "false" });
        var user = await TestAccounts.CreateAsync(database, "reader", null, Roles.Steward);
        await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl });
        var page = await context.NewPageAsync();
        await new BrowserSession(page, app.BaseUrl).SignInAsync(user);

        await page.GotoAsync("/lineage");

        var empty = page.GetByTestId("lineage-empty");
        await Expect(empty).ToContainTextAsync("approving a mapping version");
        await Expect(empty).ToContainTextAsync("POST /api/lineage");
    }
}
