using System.Globalization;

namespace Workbench.Web.Sources;

/// <summary>
/// The form's checks of single fields, as sentences shown under the field; empty fields pass unless required (the
/// form says that). The connectors check again when the draft is tested or saved.
/// </summary>
public static class SourceFieldRules
{
    public const int MaxNameLength = 100;

    public static string? Name(string? value) =>
        value is not null && value.Trim().Length > MaxNameLength ? $"A source name has at most {MaxNameLength} characters." : null;

    public static string? Port(string? value) =>
        Empty(value) || int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535
            ? null : "A port is a number from 1 to 65535.";

    public static string? PositiveWhole(string? value) =>
        Empty(value) || int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? null : "Enter a whole number above 0.";

    public static string? WholeOrZero(string? value) =>
        Empty(value) || int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? null : "Enter a whole number (0 or more).";

    public static string? WebAddress(string? value) =>
        Empty(value) || Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? null : "Enter an address starting with http:// or https://.";

    public static string? Delimiter(string? value) =>
        Empty(value) || value.Length == 1 || value == "\\t" ? null : "One character, or \\t for a tab.";

    private static bool Empty([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] string? value) => string.IsNullOrEmpty(value);
}
