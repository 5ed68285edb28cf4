using System.Text;
using System.Text.RegularExpressions;

namespace Workbench.Engine.Quality.Expressions;

/// <summary>
/// Explicit date formats, parsed the same way in the streaming engine and in pushed-down SQL: the format
/// becomes an anchored regular expression (yyyy = 4 digits, MM and dd = exactly 2 digits, any other character
/// literal), then the calendar is checked (year 1-9999, month 1-12, day within the month, leap years included).
/// Supported tokens are yyyy, MM and dd, each exactly once.
/// </summary>
public sealed class DateFormat
{
    private readonly Regex _regex;

    private DateFormat(string format, string pattern, int year, int month, int day)
    {
        Format = format;
        Pattern = pattern;
        YearGroup = year;
        MonthGroup = month;
        DayGroup = day;
        _regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    public string Format { get; }

    /// <summary>The POSIX-compatible pattern (also valid in .NET) with three capture groups.</summary>
    public string Pattern { get; }

    public int YearGroup { get; }

    public int MonthGroup { get; }

    public int DayGroup { get; }

    public bool TryParse(string text, out DateOnly date)
    {
        date = default;
        var match = _regex.Match(text);
        if (!match.Success)
            return false;
        var year = int.Parse(match.Groups[YearGroup].ValueSpan);
        var month = int.Parse(match.Groups[MonthGroup].ValueSpan);
        var day = int.Parse(match.Groups[DayGroup].ValueSpan);
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    internal static DateFormat Compile(string format)
    {
        var pattern = new StringBuilder("^");
        int year = 0, month = 0, day = 0, group = 0;
        for (var i = 0; i < format.Length;)
        {
            if (Token(format, i, "yyyy", ref year, ref group, pattern, 4)) i += 4;
            else if (Token(format, i, "MM", ref month, ref group, pattern, 2)) i += 2;
            else if (Token(format, i, "dd", ref day, ref group, pattern, 2)) i += 2;
            else
            {
                var c = format[i++];
                if (char.IsLetterOrDigit(c))
                    throw new ArgumentException($"Date format '{format}': only yyyy, MM and dd are supported, '{c}' is not.");
                pattern.Append('[').Append(c == '\\' || c == ']' || c == '^' ? "\\" + c : c.ToString()).Append(']');
            }
        }
        if (year == 0 || month == 0 || day == 0)
            throw new ArgumentException($"Date format '{format}' needs yyyy, MM and dd.");
        return new DateFormat(format, pattern.Append('$').ToString(), year, month, day);
    }

    private static bool Token(string format, int at, string token, ref int slot, ref int group, StringBuilder pattern, int digits)
    {
        if (string.CompareOrdinal(format, at, token, 0, token.Length) != 0)
            return false;
        if (slot != 0)
            throw new ArgumentException($"Date format '{format}' has {token} twice.");
        slot = ++group;
        pattern.Append("([0-9]{").Append(digits).Append("})");
        return true;
    }
}

public static class DateFormats
{
    private static readonly Dictionary<string, DateFormat> Cache = new(StringComparer.Ordinal);

    public static DateFormat Get(string format)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(format, out var compiled))
                Cache[format] = compiled = DateFormat.Compile(format);
            return compiled;
        }
    }

    public static bool TryParseAny(string text, IReadOnlyList<string> formats, out DateOnly date)
    {
        foreach (var format in formats)
            if (Get(format).TryParse(text, out date))
                return true;
        date = default;
        return false;
    }
}
