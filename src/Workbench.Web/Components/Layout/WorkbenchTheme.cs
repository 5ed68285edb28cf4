using MudBlazor;

namespace Workbench.Web.Components.Layout;

/// <summary>
/// The light and the dark theme, and the cookie that remembers the choice so the server renders it on the first paint.
/// Colours are chosen for WCAG AA contrast (text at least 4.5:1 on its background, white or black on filled colours).
/// </summary>
public static class WorkbenchTheme
{
    /// <summary>The cookie's name; it holds <c>light</c> or <c>dark</c>.</summary>
    public const string CookieName = "WorkbenchTheme";

    /// <summary>What earlier versions wrote for dark (a theme name of the component library they used); still honoured.</summary>
    public const string EarlierDarkValue = "material-dark";

    /// <summary>Whether a cookie value asks for the dark theme; anything else (or none) is light.</summary>
    public static bool IsDark(string? cookieValue) =>
        cookieValue is not null && (cookieValue == "dark" || cookieValue == EarlierDarkValue);

    public static string CookieValue(bool dark) => dark ? "dark" : "light";

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3949ab",
            PrimaryContrastText = "#ffffff",
            Secondary = "#ad1457",
            Tertiary = "#00796b",
            Info = "#1565c0",
            Success = "#2e7d32",
            Warning = "#b45309",
            Error = "#c62828",
            Dark = "#37474f",
            AppbarBackground = "#283593",
            AppbarText = "#ffffff",
            Background = "#f5f6f8",
            Surface = "#ffffff",
            DrawerBackground = "#ffffff",
            DrawerText = "#1d1f24",
            DrawerIcon = "#3949ab",
            TextPrimary = "#1d1f24",
            TextSecondary = "#595959",
            ActionDefault = "#5c5f66",
            LinesDefault = "#d5d8de",
            TableLines = "#e2e4e9",
            Divider = "#d5d8de",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#90caf9",
            PrimaryContrastText = "#000000",
            Secondary = "#f48fb1",
            SecondaryContrastText = "#000000",
            Tertiary = "#80cbc4",
            TertiaryContrastText = "#000000",
            Info = "#90caf9",
            InfoContrastText = "#000000",
            Success = "#81c784",
            SuccessContrastText = "#000000",
            Warning = "#ffb74d",
            WarningContrastText = "#000000",
            Error = "#ef9a9a",
            ErrorContrastText = "#000000",
            AppbarBackground = "#1b1e26",
            AppbarText = "#e8eaf0",
            Background = "#121317",
            Surface = "#1e2028",
            DrawerBackground = "#1b1e26",
            DrawerText = "#e8eaf0",
            DrawerIcon = "#9fa8da",
            TextPrimary = "#e8eaf0",
            TextSecondary = "#b3b3b3",
            ActionDefault = "#c5c8d0",
            LinesDefault = "#3a3d47",
            TableLines = "#33363f",
            Divider = "#3a3d47",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px", DrawerWidthLeft = "232px" },
    };
}
