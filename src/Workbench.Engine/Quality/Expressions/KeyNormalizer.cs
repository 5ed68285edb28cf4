using System.Globalization;
using System.Text;

namespace Workbench.Engine.Quality.Expressions;

/// <summary>
/// How join keys are compared, identically in the streaming engine and in pushed-down SQL:
/// each key value becomes text (numbers in invariant culture), leading and trailing spaces are removed,
/// an empty result is null, and a plain number (optional sign, digits, optional decimals; see
/// <see cref="NumberText.KeyNumberPattern"/>) is canonicalised: sign '+' dropped, leading zeros dropped,
/// trailing decimal zeros dropped, "-0" is "0". So '007', ' 7 ', '+7', '7.0' and 7 are the same key; 'A7' and
/// 'a7' are not (text is compared exactly). A composite key is null when any part is null.
/// </summary>
public static class KeyNormalizer
{
    /// <summary>Separates the parts of a composite key (the unit separator cannot appear in a trimmed part by accident).</summary>
    public const char PartSeparator = '\u001f';

    public static string? Normalize(object?[] parts)
    {
        if (parts.Length == 1)
            return NormalizePart(parts[0]);
        var builder = new StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            var part = NormalizePart(parts[i]);
            if (part is null)
                return null;
            if (i > 0)
                builder.Append(PartSeparator);
            builder.Append(part);
        }
        return builder.ToString();
    }

    public static string? NormalizePart(object? value)
    {
        var text = ValueText.Of(value)?.Trim(' ');
        if (string.IsNullOrEmpty(text))
            return null;
        return NumberText.KeyNumber().IsMatch(text) ? CanonicalNumber(text) : text;
    }

    private static string CanonicalNumber(string text)
    {
        var negative = text[0] == '-';
        var digits = text[0] is '-' or '+' ? text.AsSpan(1) : text.AsSpan();
        var dot = digits.IndexOf('.');
        var whole = (dot < 0 ? digits : digits[..dot]).TrimStart('0');
        var fraction = dot < 0 ? [] : digits[(dot + 1)..].TrimEnd('0');
        if (whole.IsEmpty && fraction.IsEmpty)
            return "0";
        var builder = new StringBuilder(text.Length);
        if (negative)
            builder.Append('-');
        builder.Append(whole.IsEmpty ? "0" : whole);
        if (!fraction.IsEmpty)
            builder.Append('.').Append(fraction);
        return builder.ToString();
    }
}

/// <summary>The text of a harmonised value, as PostgreSQL's <c>::text</c> would print it.</summary>
public static class ValueText
{
    public static string? Of(object? value) => value switch
    {
        null => null,
        string s => s,
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t when t.TimeOfDay == TimeSpan.Zero => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    public static bool TryNumber(object? value, out decimal number)
    {
        switch (value)
        {
            case decimal d: number = d; return true;
            case long l: number = l; return true;
            case int i: number = i; return true;
            default: number = 0; return false;
        }
    }
}
