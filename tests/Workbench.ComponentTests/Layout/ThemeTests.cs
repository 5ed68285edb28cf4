using Microsoft.AspNetCore.Components.Web;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Utilities;
using Workbench.Web.Components.Layout;
using Xunit;

namespace Workbench.ComponentTests.Layout;

public sealed class ThemeTests
{
    [Fact]
    public async Task The_toggle_switches_to_dark_and_writes_the_cookie()
    {
        await using var ctx = TestContexts.Mud();
        ctx.RenderProviders();
        var remember = ctx.JSInterop.SetupVoid("workbenchTheme.remember", "dark");
        remember.SetVoidResult();
        bool? changedTo = null;

        var toggle = ctx.Render<ThemeToggle>(p => p.Add(t => t.Dark, false).Add(t => t.DarkChanged, dark => changedTo = dark));
        var button = toggle.Find("button[data-testid=theme-toggle]");
        Assert.Equal("Switch to the dark theme", button.GetAttribute("aria-label"));
        await button.ClickAsync(new MouseEventArgs());

        Assert.True(changedTo);
        remember.VerifyInvoke("workbenchTheme.remember");
        toggle.Render(p => p.Add(t => t.Dark, true));
        Assert.Equal("Switch to the light theme", toggle.Find("button[data-testid=theme-toggle]").GetAttribute("aria-label"));
        Assert.Equal("true", toggle.Find("button[data-testid=theme-toggle]").GetAttribute("aria-pressed"));
    }

    [Fact]
    public async Task The_toggle_switches_back_to_light()
    {
        await using var ctx = TestContexts.Mud();
        ctx.RenderProviders();
        var remember = ctx.JSInterop.SetupVoid("workbenchTheme.remember", "light");
        remember.SetVoidResult();
        bool? changedTo = null;

        var toggle = ctx.Render<ThemeToggle>(p => p.Add(t => t.Dark, true).Add(t => t.DarkChanged, dark => changedTo = dark));
        await toggle.Find("button[data-testid=theme-toggle]").ClickAsync(new MouseEventArgs());

        Assert.False(changedTo);
        remember.VerifyInvoke("workbenchTheme.remember");
    }

    [Theory]
    [InlineData("dark", true)]
    [InlineData("material-dark", true)]
    [InlineData("light", false)]
    [InlineData("material", false)]
    [InlineData(null, false)]
    [InlineData("<script>", false)]
    public void The_cookie_picks_the_theme_the_server_renders(string? cookie, bool dark)
    {
        Assert.Equal(dark, WorkbenchTheme.IsDark(cookie));
    }

    public static TheoryData<string, string, string> Pairs()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (name, palette) in new (string, Palette)[] { ("light", WorkbenchTheme.Theme.PaletteLight), ("dark", WorkbenchTheme.Theme.PaletteDark) })
        {
            data.Add($"{name}: text on background", palette.TextPrimary.ToString(MudColorOutputFormats.Hex), palette.Background.ToString(MudColorOutputFormats.Hex));
            data.Add($"{name}: text on surface", palette.TextPrimary.ToString(MudColorOutputFormats.Hex), palette.Surface.ToString(MudColorOutputFormats.Hex));
            data.Add($"{name}: secondary text on surface", palette.TextSecondary.ToString(MudColorOutputFormats.Hex), palette.Surface.ToString(MudColorOutputFormats.Hex));
            data.Add($"{name}: secondary text on background", palette.TextSecondary.ToString(MudColorOutputFormats.Hex), palette.Background.ToString(MudColorOutputFormats.Hex));
            data.Add($"{name}: app bar", palette.AppbarText.ToString(MudColorOutputFormats.Hex), palette.AppbarBackground.ToString(MudColorOutputFormats.Hex));
            data.Add($"{name}: drawer", palette.DrawerText.ToString(MudColorOutputFormats.Hex), palette.DrawerBackground.ToString(MudColorOutputFormats.Hex));
            foreach (var (role, color, contrast) in new[]
            {
                ("primary", palette.Primary, palette.PrimaryContrastText), ("success", palette.Success, palette.SuccessContrastText),
                ("warning", palette.Warning, palette.WarningContrastText), ("error", palette.Error, palette.ErrorContrastText),
                ("info", palette.Info, palette.InfoContrastText),
            })
            {
                data.Add($"{name}: text on filled {role}", contrast.ToString(MudColorOutputFormats.Hex), color.ToString(MudColorOutputFormats.Hex));
                // Outlined chips, links and alerts draw the colour itself as text on the page.
                data.Add($"{name}: {role} as text on surface", color.ToString(MudColorOutputFormats.Hex), palette.Surface.ToString(MudColorOutputFormats.Hex));
                data.Add($"{name}: {role} as text on background", color.ToString(MudColorOutputFormats.Hex), palette.Background.ToString(MudColorOutputFormats.Hex));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Both_themes_give_text_at_least_the_contrast_WCAG_AA_asks(string pair, string text, string background)
    {
        var ratio = Contrast(new MudColor(text), new MudColor(background));
        Assert.True(ratio >= 4.5, $"{pair}: {text} on {background} is {ratio:F2}:1, below 4.5:1");
    }

    private static double Contrast(MudColor a, MudColor b)
    {
        static double Channel(byte c) => c / 255.0 <= 0.03928 ? c / 255.0 / 12.92 : Math.Pow((c / 255.0 + 0.055) / 1.055, 2.4);
        static double Luminance(MudColor c) => 0.2126 * Channel(c.R) + 0.7152 * Channel(c.G) + 0.0722 * Channel(c.B);
        var (light, dark) = (Math.Max(Luminance(a), Luminance(b)), Math.Min(Luminance(a), Luminance(b)));
        return (light + 0.05) / (dark + 0.05);
    }
}
