using System.Globalization;
using System.Collections.Concurrent;
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

    private DateFormat(string format, string pattern, Slot year, Slot month, Slot day)
    {
        Format = format;
        Pattern = pattern;
        YearGroup = year.Group;
        MonthGroup = month.Group;
        DayGroup = day.Group;
        YearStart = year.Start;
        MonthStart = month.Start;
        DayStart = day.Start;
        _regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    public string Format { get; }

    /// <summary>The POSIX-compatible pattern (also valid in .NET) with three capture groups.</summary>
    public string Pattern { get; }

    public int YearGroup { get; }

    public int MonthGroup { get; }

    public int DayGroup { get; }

    /// <summary>
    /// Where each part starts in a matching text (1-based characters): every token and literal has a fixed width,
    /// so SQL can cut the parts with substr once the pattern matched, which PostgreSQL does far faster than
    /// capturing them with regexp_match.
    /// </summary>
    public int YearStart { get; }

    public int MonthStart { get; }

    public int DayStart { get; }

    public bool TryParse(string text, out DateOnly date)
    {
        date = default;
        var match = _regex.Match(text);
        if (!match.Success)
            return false;
        var year = int.Parse(match.Groups[YearGroup].ValueSpan, CultureInfo.InvariantCulture);
        var month = int.Parse(match.Groups[MonthGroup].ValueSpan, CultureInfo.InvariantCulture);
        var day = int.Parse(match.Groups[DayGroup].ValueSpan, CultureInfo.InvariantCulture);
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
            return false;
        date = new DateOnly(year, month, day);
        return true;
    }

    internal static DateFormat Compile(string format)
    {
        var pattern = new StringBuilder("^");
        Slot year = default, month = default, day = default;
        int group = 0, position = 1;
        for (var i = 0; i < format.Length;)
        {
            if (Token(format, i, "yyyy", ref year, ref group, ref position, pattern)) i += 4;
            else if (Token(format, i, "MM", ref month, ref group, ref position, pattern)) i += 2;
            else if (Token(format, i, "dd", ref day, ref group, ref position, pattern)) i += 2;
            else
            {
                var c = format[i++];
                if (char.IsLetterOrDigit(c))
                    throw new ArgumentException($"Date format '{format}': only yyyy, MM and dd are supported, '{c}' is not.");
                // SQL counts characters where .NET counts UTF-16 units: a separator must be one of both.
                if (char.IsSurrogate(c))
                    throw new ArgumentException($"Date format '{format}': a separator outside the Basic Multilingual Plane is not supported.");
                pattern.Append('[').Append(c == '\\' || c == ']' || c == '^' ? "\\" + c : c.ToString()).Append(']');
                position++;
            }
        }
        if (year.Group == 0 || month.Group == 0 || day.Group == 0)
            throw new ArgumentException($"Date format '{format}' needs yyyy, MM and dd.");
        return new DateFormat(format, pattern.Append('$').ToString(), year, month, day);
    }

    /// <summary>A token's capture group and its first character.</summary>
    private readonly record struct Slot(int Group, int Start);

    private static bool Token(string format, int at, string token, ref Slot slot, ref int group, ref int position, StringBuilder pattern)
    {
        if (string.CompareOrdinal(format, at, token, 0, token.Length) != 0)
            return false;
        if (slot.Group != 0)
            throw new ArgumentException($"Date format '{format}' has {token} twice.");
        slot = new Slot(++group, position);
        position += token.Length;
        pattern.Append("([0-9]{").Append(token.Length).Append("})");
        return true;
    }
}

public static class DateFormats
{
    // Read for every date of every row, by every side's reader at once: lookups must not take a lock.
    private static readonly ConcurrentDictionary<string, DateFormat> Cache = new(StringComparer.Ordinal);

    public static DateFormat Get(string format) => Cache.GetOrAdd(format, DateFormat.Compile);

    public static bool TryParseAny(string text, IReadOnlyList<string> formats, out DateOnly date)
    {
        foreach (var format in formats)
            if (Get(format).TryParse(text, out date))
                return true;
        date = default;
        return false;
    }
}
