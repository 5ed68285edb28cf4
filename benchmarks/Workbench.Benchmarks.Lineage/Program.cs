using System.Globalization;
using System.Diagnostics;
using Microsoft.Playwright;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Workbench.Core.Lineage;
using Workbench.BrowserTests.Infrastructure;
using Workbench.Application.Accounts;
using Workbench.Application.Lineage;
using Workbench.Migrations;
using Workbench.Testing;

// Usage: dotnet run -c Release --project benchmarks/Workbench.Benchmarks.Lineage
// Builds a throwaway store (10,000 nodes, 30,000 edges, cycles included), times upstream walks of depth 5,
// then opens the lineage page in Chromium on a three-node and on a 2,000-node neighbourhood and times the first painted
// frame, a drag that pans and a click that shows a node's details.

var connectionString = await TestPostgres.CreateDatabaseAsync("lineagebench");
await using var dataSource = NpgsqlDataSource.Create(connectionString);
await new StoreMigrator(dataSource).MigrateAsync();

var seed = Stopwatch.StartNew();
var (nodes, flowEdges, containsEdges) = await LineageBenchmarkData.SeedStoreAsync(dataSource);
Console.WriteLine($"store: {nodes:N0} nodes, {flowEdges:N0} flow edges (field -> column, cycles included) + {containsEdges:N0} containment edges, seeded in {seed.Elapsed.TotalSeconds:0.0} s");

var queries = new LineageQueries(dataSource);
await using (var connection = await dataSource.OpenConnectionAsync())
    await connection.ExecuteAsync("analyze lineage_node; analyze lineage_edge");
var starts = await LineageBenchmarkData.DeepColumnsAsync(dataSource, 60);
foreach (var id in starts.Take(10))
    await queries.WalkAsync(id, LineageDirection.Upstream, 5, LineageLevel.Column);
var timings = new List<double>();
var reached = new List<int>();
foreach (var id in starts.Skip(10))
{
    var watch = Stopwatch.StartNew();
    var graph = await queries.WalkAsync(id, LineageDirection.Upstream, 5, LineageLevel.Column);
    timings.Add(watch.Elapsed.TotalMilliseconds);
    reached.Add(graph!.Nodes.Count);
}
timings.Sort();
Console.WriteLine(
    $"upstream depth 5 ({timings.Count} walks, {reached.Average():0} nodes reached on average): " +
    $"median {timings[timings.Count / 2]:0.0} ms, p95 {timings[(int)(timings.Count * 0.95)]:0.0} ms, max {timings[^1]:0.0} ms (target < 100 ms)");

var hub = await LineageBenchmarkData.SeedNeighbourhoodAsync(dataSource);
await using var app = await WorkbenchProcess.StartAsync(connectionString);
using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
{
    ExecutablePath = Environment.GetEnvironmentVariable("WORKBENCH_CHROMIUM") ?? "/usr/bin/chromium",
    Headless = true,
    Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
var reader = await TestAccounts.CreateAsync(connectionString, "bench", null, Roles.Steward);
var signedIn = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl });
await (await signedIn.NewPageAsync()).SignInAsync(reader);
var pageOptions = new BrowserNewContextOptions
{
    BaseURL = app.BaseUrl, ViewportSize = new ViewportSize { Width = 1400, Height = 900 }, StorageState = await signedIn.StorageStateAsync(),
};
// A first visit warms the server (Blazor, static files): the figure is for a user, not for a cold process.
var warm = await (await browser.NewContextAsync(pageOptions)).NewPageAsync();
await warm.GotoAsync($"/lineage?node={hub}");
await warm.WaitForSelectorAsync("[data-painted-ms]", new PageWaitForSelectorOptions { Timeout = 60_000 });
await warm.CloseAsync();

// The same page on a three-node neighbourhood: what every visit pays before drawing starts (page, circuit, walk).
var single = await LineageBenchmarkData.SmallNeighbourhoodAsync(dataSource);
for (var attempt = 1; attempt <= 3; attempt++)
{
    var page = await (await browser.NewContextAsync(pageOptions)).NewPageAsync();
    await page.GotoAsync($"/lineage?node={single}");
    var (nodesDrawn, painted, _) = await PaintedAsync(page);
    Console.WriteLine($"page, small, run {attempt}: {nodesDrawn} nodes painted {painted} ms after navigation");
    await page.CloseAsync();
}

for (var attempt = 1; attempt <= 3; attempt++)
{
    var page = await (await browser.NewContextAsync(pageOptions)).NewPageAsync();
    await page.GotoAsync($"/lineage?node={hub}");
    var canvas = page.GetByTestId("lineage-graph");
    var (nodesDrawn, painted, drawMs) = await PaintedAsync(page);
    // Where the time went: the page arriving, parsed, the drawing built, and its first frame.
    var timeline = await page.EvaluateAsync<double[]>(
        "() => { const n = performance.getEntriesByType('navigation')[0]; " +
        "return [n.responseStart, n.responseEnd, n.domContentLoadedEventEnd, n.transferSize, Number(document.querySelector('[data-drawn-at-ms]').dataset.drawnAtMs)]; }");

    // A drag that starts on a node pans as well as one on the background: lineage nodes are not moved by hand.
    // (The large form is the page's own canvas drawing; its test handle is el.lineagePlaced.)
    var box = (await canvas.BoundingBoxAsync())!;
    var panBefore = await canvas.EvaluateAsync<double>("el => el.lineagePlaced.pan().x");
    var watch = Stopwatch.StartNew();
    await page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
    await page.Mouse.DownAsync();
    await page.Mouse.MoveAsync(box.X + box.Width / 2 + 200, box.Y + box.Height / 2 + 100, new MouseMoveOptions { Steps = 5 });
    await page.Mouse.UpAsync();
    await page.EvaluateAsync("() => new Promise(done => requestAnimationFrame(() => done()))");
    var panMs = watch.ElapsedMilliseconds;
    var panned = await canvas.EvaluateAsync<double>("el => el.lineagePlaced.pan().x") != panBefore;

    // Fitted, 2,000 nodes are a few pixels each: zoom in on one (as the mouse wheel would) before clicking it.
    var target = await canvas.EvaluateAsync<string[]>(
        "el => { const v = el.lineagePlaced; const n = v.nodes().find(n => n.depth === -1); " +
        "const p = v.centreOn(n.label, 1.2); return [String(p.x), String(p.y), n.label]; }");
    watch.Restart();
    await page.Mouse.ClickAsync((float)(box.X + double.Parse(target[0], CultureInfo.InvariantCulture)), (float)(box.Y + double.Parse(target[1], CultureInfo.InvariantCulture)));
    string clicked;
    try
    {
        await page.GetByTestId("lineage-details-name").Filter(new LocatorFilterOptions { HasText = target[2] }).WaitForAsync(new LocatorWaitForOptions { Timeout = 5_000 });
        clicked = $"a click on {target[2]} showed its details in {watch.ElapsedMilliseconds} ms";
    }
    catch (TimeoutException)
    {
        clicked = $"a click on {target[2]} was NOT answered with its details within 5 s (details show: {await page.GetByTestId("lineage-details-name").InnerTextAsync()})";
    }
    Console.WriteLine(
        $"page, 2,000 nodes, run {attempt}: {nodesDrawn} nodes painted {painted} ms after navigation (target < 2000 ms; page's first byte {timeline[0]:0} ms, " +
        $"last byte {timeline[1]:0} ms ({timeline[3] / 1024:0} KiB), parsed {timeline[2]:0} ms, the draw call {drawMs} ms " +
        $"ending at {timeline[4]:0} ms, its first frame {double.Parse(painted!, CultureInfo.InvariantCulture) - timeline[4]:0} ms), " +
        $"{(panned ? $"a drag panned the view in {panMs} ms" : "a drag DID NOT pan the view")}, {clicked}");
    await page.CloseAsync();
}

// When the drawing's first frame was painted, on the page's clock (0 = navigation start).
static async Task<(string? Nodes, string? PaintedMs, string? DrawMs)> PaintedAsync(IPage page)
{
    await page.WaitForSelectorAsync("[data-painted-ms]", new PageWaitForSelectorOptions { Timeout = 60_000 });
    var canvas = page.GetByTestId("lineage-graph");
    return (await canvas.GetAttributeAsync("data-drawn-nodes"), await canvas.GetAttributeAsync("data-painted-ms"), await canvas.GetAttributeAsync("data-draw-ms"));
}
