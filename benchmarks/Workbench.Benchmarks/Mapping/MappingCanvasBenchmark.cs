using System.Globalization;
using Workbench.BrowserTests.Infrastructure;
using Workbench.Application.Accounts;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Workbench.Testing;

namespace Workbench.Benchmarks.Mapping;

/// <summary>
/// The mapping canvas at size: 3 datasets x 200 fields, a target schema of 200 fields, 150 connectors already
/// drawn. Measures, in the page, the time from pointer-up on a target field to the new connector in the DOM, and
/// the page's JS heap and DOM size before and after 500 connect/disconnect cycles.
/// </summary>
public static class MappingCanvasBenchmark
{
    private const int Fields = 200;
    private const int ExistingConnectors = 150;

    public static async Task<int> RunAsync(string[] args)
    {
        var cycles = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 500;
        var hookAssembly = Path.Combine(RepoPaths.Root, "tests", "Workbench.BrowserTests", "bin", RepoPaths.Configuration, RepoPaths.TargetFramework, "Workbench.BrowserTests.dll");
        if (!File.Exists(hookAssembly))
            return Fail($"Build the solution first: {hookAssembly} is missing.");

        var connectionString = await TestPostgres.CreateDatabaseAsync("bench");
        await using var app = await WorkbenchProcess.StartAsync(connectionString, new Dictionary<string, string>
        {
            ["DOTNET_STARTUP_HOOKS"] = hookAssembly,
            ["ASPNETCORE_HOSTINGSTARTUPASSEMBLIES"] = "Workbench.BrowserTests",
            ["WORKBENCH_TEST_CATALOG_WIDE"] = Fields.ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
        });
        var steward = await TestAccounts.CreateAsync(connectionString, "bench", null, Roles.Steward);
        var viewId = await ImportAsync(app, steward);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("WORKBENCH_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run", "--disable-quic",
                    "--js-flags=--expose-gc", "--enable-precise-memory-info"],
        });
        // The measuring script is added to the page; the app's content security policy (rightly) refuses inline scripts.
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl, ViewportSize = new ViewportSize { Width = 1400, Height = 900 }, BypassCSP = true,
        });
        var page = await context.NewPageAsync();
        await page.SignInAsync(steward);
        page.SetDefaultTimeout(30_000);
        var load = Stopwatch.StartNew();
        await page.GotoAsync($"/views/{viewId}");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-circuit-ready]') && document.querySelectorAll('[data-connector]').length === " + ExistingConnectors);
        Console.WriteLine($"canvas: 3 datasets x {Fields} fields, {Fields} target fields, {ExistingConnectors} connectors; page ready in {load.ElapsedMilliseconds} ms");
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = PageScript });

        var before = await MemoryAsync(page);
        var connectTimes = new List<double>();
        var disconnectTimes = new List<double>();
        var samples = new List<(int Cycle, Memory Memory)>();
        for (var i = 0; i < cycles; i++)
        {
            var field = $"f_{ExistingConnectors + i % (Fields - ExistingConnectors):000}";
            var target = $"t_{ExistingConnectors + i % (Fields - ExistingConnectors):000}";
            connectTimes.Add(await page.EvaluateAsync<double>("([f, t]) => window.benchConnect(f, t)", new[] { field, target }));
            disconnectTimes.Add(await page.EvaluateAsync<double>("([f, t]) => window.benchDisconnect(f, t)", new[] { field, target }));
            if ((i + 1) % 100 == 0)
                samples.Add((i + 1, await MemoryAsync(page)));
        }

        Console.WriteLine($"connect (pointer-up to connector drawn), {cycles} times: {Stats(connectTimes)}");
        Console.WriteLine($"disconnect (Delete to connector gone), {cycles} times: {Stats(disconnectTimes)}");
        Console.WriteLine($"page memory before: {before}");
        foreach (var (cycle, memory) in samples)
            Console.WriteLine($"page memory after {cycle,4} cycles: {memory}");
        var median = Percentile(connectTimes, 0.5);
        Console.WriteLine(median < 100 ? $"OK: median connect {median:0.0} ms < 100 ms" : $"SLOW: median connect {median:0.0} ms >= 100 ms");
        return 0;
    }

    // Pointer events dispatched on the real elements (the canvas is zoomed far out at this size, too small to aim a
    // mouse at), then the time until the connector element exists, measured with the page's own clock.
    private const string PageScript = """
        window.benchWait = (test) => new Promise(resolve => { const check = () => test() ? resolve() : requestAnimationFrame(check); check(); });
        window.benchConnect = async (field, target) => {
            const port = document.querySelector(`[data-testid="port-out-bench.wide_c.${field}"]`);
            const card = document.querySelector(`[data-testid="target-${target}"]`);
            const selector = `[data-testid="connector-bench.wide_c.${field}--${target}"]`;
            port.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, button: 0 }));
            const start = performance.now();
            card.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, button: 0 }));
            await window.benchWait(() => document.querySelector(selector));
            return performance.now() - start;
        };
        window.benchDisconnect = async (field, target) => {
            const selector = `[data-testid="connector-bench.wide_c.${field}--${target}"]`;
            const connector = document.querySelector(selector);
            const start = performance.now();
            connector.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, key: 'Delete' }));
            await window.benchWait(() => !document.querySelector(selector));
            return performance.now() - start;
        };
        """;

    private sealed record Memory(double HeapMb, int DomNodes)
    {
        public override string ToString() => $"JS heap {HeapMb:0.0} MB, {DomNodes} DOM elements";
    }

    private static async Task<Memory> MemoryAsync(IPage page)
    {
        var values = await page.EvaluateAsync<double[]>("() => { if (window.gc) gc(); return [performance.memory.usedJSHeapSize, document.getElementsByTagName('*').length]; }");
        return new Memory(values[0] / 1024 / 1024, (int)values[1]);
    }

    private static string Stats(List<double> values) =>
        $"median {Percentile(values, 0.5):0.0} ms, p95 {Percentile(values, 0.95):0.0} ms, max {values.Max():0.0} ms";

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];
    }

    private static async Task<string> ImportAsync(WorkbenchProcess app, TestUser steward)
    {
        string[] datasets = ["bench.wide_a", "bench.wide_b", "bench.wide_c"];
        var spec = new
        {
            format = "workbench.view/1",
            view = new
            {
                name = "Benchmark view",
                datasets = datasets.Select(d => new { name = d }),
                relationships = new[]
                {
                    new { left = datasets[0], right = datasets[1], keys = new[] { new { leftField = "f_000", rightField = "f_000" } } },
                    new { left = datasets[0], right = datasets[2], keys = new[] { new { leftField = "f_000", rightField = "f_000" } } },
                },
                target = Enumerable.Range(0, Fields).Select(i => new { name = $"t_{i:000}", type = "text" }),
                mappings = Enumerable.Range(0, ExistingConnectors).Select(i => new
                {
                    target = $"t_{i:000}",
                    sources = new[] { new { field = new { dataset = datasets[i % 2], field = $"f_{i:000}" }, transforms = Array.Empty<object>() } },
                }),
            },
        };
        using var http = await WorkbenchClient.SignedInAsync(app, steward);
        using var response = await http.PostAsync("/api/views/import", new StringContent(JsonSerializer.Serialize(spec), Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"Import failed: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 1;
    }
}
