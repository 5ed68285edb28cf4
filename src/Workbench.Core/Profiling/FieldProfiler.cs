using System.Globalization;
using Workbench.Core.Schema;

namespace Workbench.Core.Profiling;

/// <summary>Accumulates one field's profile value by value, in bounded memory.</summary>
public sealed class FieldProfiler(string name, CultureInfo culture)
{
    /// <summary>Distinct values tracked for top values; beyond it new values are only counted in the distinct estimate.</summary>
    private const int TrackedValues = 10_000;
    private const int TopCount = 10;

    private readonly DistinctCounter _distinct = new();
    private readonly Dictionary<string, long> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _patterns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _dateFormats = new(StringComparer.Ordinal);
    private long _count, _nulls;
    private object? _min, _max;
    private FieldType _type = FieldType.Unknown;

    public void Add(object? value)
    {
        _count++;
        if (value is null || value is DBNull)
        {
            _nulls++;
            return;
        }
        var text = value as string ?? Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        _distinct.Add(text);
        Bump(_values, text, TrackedValues);
        Bump(_patterns, TextValues.Pattern(text), 1000);
        if (value is string s)
        {
            _type = TextValues.Widen(_type, TextValues.Classify(s, culture));
            if (s.Length is >= 6 and <= 30 && TextValues.DateFormatOf(s.Trim()) is { } format)
                Bump(_dateFormats, format, 100);
        }
        else
        {
            _type = TextValues.Widen(_type, TypeOf(value));
        }
        Extremes(value);
    }

    /// <summary>The estimate can overshoot by its error; there are never more distinct values than values.</summary>
    public FieldProfile Result() => new(
        name, _count, _nulls, Math.Min(_distinct.Estimate(), _count - _nulls), Show(_min), Show(_max), _type,
        Top(_values), Top(_patterns), Top(_dateFormats));

    private void Extremes(object value)
    {
        var comparable = value switch
        {
            string s => (object)s,
            IComparable => value,
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        };
        if (_min is null || Compare(comparable, _min) < 0)
            _min = comparable;
        if (_max is null || Compare(comparable, _max) > 0)
            _max = comparable;
    }

    private static int Compare(object? a, object? b) =>
        a is IComparable ca && b is not null && a.GetType() == b.GetType()
            ? ca.CompareTo(b)
            : string.CompareOrdinal(Convert.ToString(a, CultureInfo.InvariantCulture), Convert.ToString(b, CultureInfo.InvariantCulture));

    private static string? Show(object? value) => value switch
    {
        null => null,
        DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static FieldType TypeOf(object value) => value switch
    {
        int or long or short or byte => FieldType.Integer,
        decimal or double or float => FieldType.Decimal,
        bool => FieldType.Boolean,
        DateOnly => FieldType.Date,
        DateTime or DateTimeOffset => FieldType.Timestamp,
        _ => FieldType.Text,
    };

    private static void Bump(Dictionary<string, long> counts, string key, int cap)
    {
        if (counts.TryGetValue(key, out var n))
            counts[key] = n + 1;
        else if (counts.Count < cap)
            counts[key] = 1;
    }

    private static List<ValueCount> Top(Dictionary<string, long> counts) =>
        counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(TopCount).Select(kv => new ValueCount(kv.Key, kv.Value)).ToList();
}
