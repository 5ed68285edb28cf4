using Workbench.Testing;
using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Workbench.BrowserTests.Infrastructure;

/// <summary>One page of a test, with everything the browser said on its console.</summary>
public sealed class BrowserSession
{
    private readonly ConcurrentQueue<string> _console = new();
    private readonly ConcurrentQueue<string> _errors = new();

    public BrowserSession(IPage page, string baseUrl)
    {
        Page = page;
        BaseUrl = baseUrl;
        page.Console += (_, message) =>
        {
            var line = $"[{message.Type}] {message.Text}";
            _console.Enqueue(line);
            if (message.Type == "error")
                _errors.Enqueue(line);
        };
        page.PageError += (_, error) =>
        {
            _console.Enqueue("[pageerror] " + error);
            _errors.Enqueue("[pageerror] " + error);
        };
    }

    public IPage Page { get; }

    public string BaseUrl { get; }

    /// <summary>Errors the browser reported: console errors and uncaught exceptions.</summary>
    public IReadOnlyCollection<string> ConsoleErrors => _errors.ToArray();

    /// <summary>Opens a path and waits until the Blazor circuit is connected, so clicks reach the server.</summary>
    public async Task GotoAsync(string path)
    {
        await Page.GotoAsync(path);
        await WaitForCircuitAsync();
    }

    public async Task WaitForCircuitAsync() =>
        await Page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-circuit-ready]') !== null",
            null, new PageWaitForFunctionOptions { Timeout = 20_000 });

    /// <summary>Saves what the page looks like now under TestResults/screens/, to be looked at by a person.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screens");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async Task<string> KeepEvidenceAsync(string testName, string appOutput)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "browser");
        Directory.CreateDirectory(folder);
        var stem = Path.Combine(folder, $"{testName}-{DateTime.UtcNow:HHmmss}");
        try
        {
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = stem + ".png", FullPage = true });
        }
        catch (PlaywrightException)
        {
            // The page may be gone; the console log still helps.
        }
        await File.WriteAllTextAsync(stem + ".console.log", string.Join('\n', _console));
        await File.WriteAllTextAsync(stem + ".app.log", appOutput);
        return stem + ".*";
    }

    public Task SignInAsync(TestUser user) => Page.SignInAsync(user);
}
