using Microsoft.Playwright;
using Workbench.Testing;

namespace Workbench.BrowserTests.Infrastructure;

/// <summary>Signing in through the real form; also compiled into the browser benchmarks (linked file).</summary>
public static class PlaywrightSignIn
{
    /// <summary>Fills the sign-in form and waits until the app has let the user in.</summary>
    public static async Task SignInAsync(this IPage page, TestUser user)
    {
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("User name").FillAsync(user.UserName);
        await page.GetByLabel("Password").FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in"), new() { Timeout = 30_000, WaitUntil = WaitUntilState.Commit });
    }
}
