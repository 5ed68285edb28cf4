using Microsoft.Playwright;
using Workbench.Testing;
using Xunit;

namespace Workbench.BrowserTests.Infrastructure;

/// <summary>
/// The real workbench on a free port against its own test database, and one headless Chromium driven by
/// Playwright. Shared by the browser tests of a collection; each test gets a fresh browser context.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public WorkbenchProcess App { get; private set; } = null!;

    public string DatabaseConnectionString { get; private set; } = "";

    /// <summary>Settings (or environment variables) for the app process, for fixtures that need a variant of it.</summary>
    protected virtual IDictionary<string, string> AppSettings =>
        new Dictionary<string, string> { ["Diagnostics:EnableFaultPage"] = "true" };

    public async Task InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("WORKBENCH_CHROMIUM") ?? ChromiumPath;
        if (!File.Exists(executable))
            throw new InvalidOperationException(
                $"Chromium is required for the browser tests and was not found at {executable}. Install it (apt-get install -y chromium) or set WORKBENCH_CHROMIUM.");

        DatabaseConnectionString = await TestPostgres.CreateDatabaseAsync("browser");
        App = await WorkbenchProcess.StartAsync(DatabaseConnectionString, AppSettings);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    /// <summary>
    /// Runs <paramref name="test"/> on a new page. When it fails, a screenshot, the browser console and the
    /// app's output are kept under <c>TestResults/browser/</c> and named in the failure.
    /// </summary>
    public async Task RunAsync(string testName, Func<BrowserSession, Task> test)
    {
        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl,
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        });
        // Short enough that a broken page fails fast, long enough for a busy 2-core CI machine.
        context.SetDefaultTimeout(15_000);
        var session = new BrowserSession(await context.NewPageAsync(), App.BaseUrl);
        try
        {
            await test(session);
        }
        catch (Exception ex)
        {
            var kept = await session.KeepEvidenceAsync(testName, App.Output);
            throw new BrowserTestFailure($"{ex.Message}\nScreenshot and console log kept in {kept}", ex);
        }
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (App is not null)
            await App.DisposeAsync();
    }
}

public sealed class BrowserTestFailure(string message, Exception inner) : Exception(message, inner);

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
