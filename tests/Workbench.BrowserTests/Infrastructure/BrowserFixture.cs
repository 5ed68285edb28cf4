using System.Collections.Concurrent;
using Microsoft.Playwright;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;

namespace Workbench.BrowserTests.Infrastructure;

/// <summary>
/// The real workbench on a free port against its own test database, and one headless Chromium driven by
/// Playwright. Shared by the browser tests of a collection; each test gets a fresh browser context, signed in
/// as <see cref="DefaultUser"/> (all three roles) unless the test names another user or none.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly ConcurrentDictionary<string, Task<string>> _signedInStates = new();
    private readonly ConcurrentDictionary<string, Task<TestUser>> _usersByRoles = new();
    private IPlaywright? _playwright;

    /// <summary>"tester", holding steward, approver and admin.</summary>
    public TestUser DefaultUser { get; private set; } = null!;

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
        DefaultUser = await TestAccounts.CreateAsync(DatabaseConnectionString, "tester", "Test User", [.. Roles.All]);
        // Expectations wait for the page as long as actions do on a loaded machine; Playwright's own default is 5 s.
        Assertions.SetDefaultExpectTimeout(15_000);
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
    /// Runs <paramref name="test"/> on a new page, signed in as <see cref="DefaultUser"/>. When it fails, a
    /// screenshot, the browser console and the app's output are kept under <c>TestResults/browser/</c>.
    /// </summary>
    public Task RunAsync(string testName, Func<BrowserSession, Task> test) => RunAsync(testName, DefaultUser, test);

    /// <summary>Runs <paramref name="test"/> signed in as <paramref name="user"/>, or signed out when it is null.</summary>
    public async Task RunAsync(string testName, TestUser? user, Func<BrowserSession, Task> test)
    {
        var options = new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl,
            ViewportSize = new ViewportSize { Width = 1400, Height = 900 },
        };
        if (user is not null)
        {
            var signIn = _signedInStates.GetOrAdd(user.UserName, _ => SignInAsync(user));
            try
            {
                options.StorageState = await signIn;
            }
            catch
            {
                // The next test signs in afresh instead of inheriting this failure.
                _signedInStates.TryRemove(new KeyValuePair<string, Task<string>>(user.UserName, signIn));
                throw;
            }
        }
        await using var context = await Browser.NewContextAsync(options);
        // Short enough that a broken page fails in well under a minute, long enough for a busy 2-core CI machine
        // (15 s timed out there on a download and a double-click that succeed in under a second when it is idle).
        context.SetDefaultTimeout(30_000);
        var session = new BrowserSession(await context.NewPageAsync(), App.BaseUrl);
        try
        {
            await test(session);
        }
        catch (Exception ex)
        {
            var kept = await session.KeepEvidenceAsync(testName, App.Output);
            throw new BrowserTestFailureException($"{ex.Message}\nScreenshot and console log kept in {kept}", ex);
        }
    }

    /// <summary>Runs <paramref name="test"/> as a user holding exactly <paramref name="roles"/> (one such user per role set).</summary>
    public async Task RunAsAsync(string testName, string[] roles, Func<BrowserSession, Task> test) =>
        await RunAsync(testName, await UserWithRolesAsync(roles), test);

    public Task<TestUser> UserWithRolesAsync(params string[] roles)
    {
        var key = string.Join("-", roles.Order());
        return _usersByRoles.GetOrAdd(key, _ =>
            TestAccounts.CreateAsync(DatabaseConnectionString, TestAccounts.UniqueName(key.Length == 0 ? "noroles" : key), null, roles));
    }

    public Task<TestUser> CreateUserAsync(string userName, string? displayName, params string[] roles) =>
        TestAccounts.CreateAsync(DatabaseConnectionString, userName, displayName, roles);

    /// <summary>Signs in once through the real sign-in page; later contexts of that user reuse its cookie.</summary>
    private async Task<string> SignInAsync(TestUser user)
    {
        await using var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.BaseUrl });
        var session = new BrowserSession(await context.NewPageAsync(), App.BaseUrl);
        try
        {
            await session.SignInAsync(user);
        }
        catch (TimeoutException ex)
        {
            var kept = await session.KeepEvidenceAsync($"sign-in-{user.UserName}", App.Output);
            throw new BrowserTestFailureException($"Signing in {user.UserName} did not leave the sign-in page; evidence in {kept}", ex);
        }
        return await context.StorageStateAsync();
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

public sealed class BrowserTestFailureException(string message, Exception inner) : Exception(message, inner);

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
