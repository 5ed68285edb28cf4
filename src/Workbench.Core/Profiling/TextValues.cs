using System.Globalization;
using Workbench.Core.Schema;

namespace Workbench.Core.Profiling;

/// <summary>Recognises what a text value holds: numbers in a culture, booleans, dates in the formats legacy exports use.</summary>
public static class TextValues
{
    /// <summary>Date formats tried in order; the first that parses names the value's format.</summary>
    public static readonly string[] DateFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK",
        "dd.MM.yyyy", "dd/MM/yyyy", "MM/dd/yyyy", "yyyyMMdd", "dd-MMM-yyyy", "d.M.yyyy", "M/d/yyyy",
    ];

    public static string? DateFormatOf(string text)
    {
        foreach (var format in DateFormats)
            if (DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out _))
                return format;
        return null;
    }

    /// <summary>The narrowest type every value fits; Text when they disagree.</summary>
    public static FieldType Classify(string text, CultureInfo culture)
    {
        var t = text.Trim();
        if (long.TryParse(t, NumberStyles.AllowLeadingSign, culture, out _))
            return FieldType.Integer;
        // Dates before decimals: in cultures with '.' as group separator, 15.03.2021 also parses as a number.
        if (DateFormatOf(t) is { } format)
            return format.Contains('H') ? FieldType.Timestamp : FieldType.Date;
        if (decimal.TryParse(t, NumberStyles.Number, culture, out _))
            return FieldType.Decimal;
        if (bool.TryParse(t, out _))
            return FieldType.Boolean;
        return FieldType.Text;
    }

    public static FieldType Widen(FieldType current, FieldType next) => (current, next) switch
    {
        (FieldType.Unknown, _) => next,
        _ when current == next => current,
        (FieldType.Integer, FieldType.Decimal) or (FieldType.Decimal, FieldType.Integer) => FieldType.Decimal,
        (FieldType.Date, FieldType.Timestamp) or (FieldType.Timestamp, FieldType.Date) => FieldType.Timestamp,
        _ => FieldType.Text,
    };

    /// <summary>The shape of a value: letters become A, digits 9, the rest stays (<c>POL-0042</c> gives <c>AAA-9999</c>).</summary>
    public static string Pattern(string text)
    {
        var length = Math.Min(text.Length, 40);
        return string.Create(length, text, (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsLetter(c) ? 'A' : char.IsDigit(c) ? '9' : c;
            }
        }) + (text.Length > 40 ? "…" : "");
    }
}
