using System.Globalization;

namespace Workbench.Core.Text;

/// <summary>
/// The one guard every CSV the workbench writes uses (downloads and the CLI): a spreadsheet runs a cell starting with = + - @ as a formula, and one starting
/// with a TAB or a carriage return once the spreadsheet trims it, so such a cell gets a leading quote and stays text.
/// A plain signed number (-5, +1.25) is data, not a formula, and is left as it is.
/// </summary>
public static class CsvFormulaGuard
{
    private const string FormulaStarts = "=+-@\t\r";

    public static string? Cell(string? value) =>
        value is { Length: > 0 } && FormulaStarts.Contains(value[0]) && !IsPlainNumber(value) ? "'" + value : value;

    private static bool IsPlainNumber(string value) =>
        value[0] is '+' or '-' && decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);
}
