using Microsoft.Playwright;
using Workbench.BrowserTests.Infrastructure;
using Workbench.Testing;

namespace Workbench.Screenshots;

/// <summary>Browser pages signed in as a user, in the light or dark theme, and pictures of them at 1280 x 800.</summary>
public sealed class Camera(IBrowser browser, WorkbenchProcess app, string output)
{
    /// <summary>The cookie the theme toggle writes and the server reads (WorkbenchTheme), and its dark value.</summary>
    private const string ThemeCookie = "WorkbenchTheme";
    private const string DarkTheme = "dark";

    /// <summary>Long enough for a busy 2-core machine; a page that is broken fails within it.</summary>
    public const float Timeout = 60_000;

    private readonly Dictionary<string, string> _signedIn = new(StringComparer.Ordinal);

    public List<string> Taken { get; } = [];

    public WorkbenchProcess App => app;

    /// <summary>A new page signed in as <paramref name="user"/> (null: signed out), in the dark theme when asked.</summary>
    public async Task<IPage> PageAsync(TestUser? user, bool dark = false)
    {
        var options = new BrowserNewContextOptions
        {
            BaseURL = app.BaseUrl,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            DeviceScaleFactor = 1,
            ReducedMotion = ReducedMotion.Reduce,
        };
        if (user is not null)
            options.StorageState = await SignedInStateAsync(user);
        var context = await browser.NewContextAsync(options);
        context.SetDefaultTimeout(Timeout);
        if (dark)
            await context.AddCookiesAsync([new Cookie { Name = ThemeCookie, Value = DarkTheme, Url = app.BaseUrl }]);
        return await context.NewPageAsync();
    }

    /// <summary>Opens a path and waits until the Blazor circuit is connected, so clicks reach the server.</summary>
    public static async Task GotoAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitForCircuitAsync(page);
    }

    public static Task WaitForCircuitAsync(IPage page) =>
        page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-circuit-ready]') !== null",
            null, new PageWaitForFunctionOptions { Timeout = Timeout });

    /// <summary>Waits until <paramref name="ready"/> is visible, then photographs the viewport as NAME.png.</summary>
    public async Task ShootAsync(IPage page, string name, ILocator ready)
    {
        await ready.First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = Timeout });
        // The pointer over the header's title, where nothing lights up when hovered.
        await page.Mouse.MoveAsync(200, 24);
        // Web fonts (the Material icons) drawn, not their ligature names.
        await page.EvaluateAsync("() => document.fonts.ready.then(() => true)");
        var path = Path.Combine(output, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide });
        Taken.Add(path);
        Console.WriteLine($"  {name}.png");
    }

    public static async Task CloseAsync(IPage page) => await page.Context.CloseAsync();

    /// <summary>Signs in once through the real form; later pages of that user reuse its cookie.</summary>
    private async Task<string> SignedInStateAsync(TestUser user)
    {
        if (_signedIn.TryGetValue(user.UserName, out var state))
            return state;
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl });
        context.SetDefaultTimeout(Timeout);
        await (await context.NewPageAsync()).SignInAsync(user);
        state = await context.StorageStateAsync();
        _signedIn[user.UserName] = state;
        return state;
    }
}
