using System.Text.RegularExpressions;

namespace Workbench.Engine.Quality.Expressions;

/// <summary>
/// The number syntax both engines accept, as anchored patterns shared with the SQL pushdown so a value is
/// valid in one exactly when it is valid in the other. Decimals: optional sign, up to 20 integer digits and
/// up to 8 decimals ("12.50", "-.5", "7."); integers: optional sign and up to 18 digits. No exponents,
/// thousands separators or decimal commas: a mapping transform must turn those into this form first.
/// </summary>
public static partial class NumberText
{
    public const string DecimalPattern = @"^[+-]?([0-9]{1,20}([.][0-9]{0,8})?|[.][0-9]{1,8})$";

    public const string IntegerPattern = @"^[+-]?[0-9]{1,18}$";

    /// <summary>Key canonicalisation applies to any plain number, however long (no overflow: it is text work).</summary>
    public const string KeyNumberPattern = @"^[+-]?[0-9]+([.][0-9]+)?$";

    [GeneratedRegex(DecimalPattern, RegexOptions.CultureInvariant)]
    public static partial Regex Decimal();

    [GeneratedRegex(IntegerPattern, RegexOptions.CultureInvariant)]
    public static partial Regex Integer();

    [GeneratedRegex(KeyNumberPattern, RegexOptions.CultureInvariant)]
    public static partial Regex KeyNumber();
}
