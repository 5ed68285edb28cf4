using System.Globalization;
using Workbench.Engine.Quality.Expressions;
using Workbench.Engine.Quality.Model;

namespace Workbench.Engine.Query;

/// <summary>
/// The filters and the order of a bound query, applied in process to merged rows (the streamed engine); the SQL
/// twin is <see cref="Quality.Pushdown.PushdownRowQuery"/>, and both read values the same way: a number is text that
/// matches <see cref="NumberText.DecimalPattern"/>, anything else compares as text in ordinal order.
/// </summary>
public sealed class RowMatcher(BoundQuery query)
{
    public bool Matches(MergedRow row)
    {
        foreach (var filter in query.Filters)
            if (!Matches(filter, row))
                return false;
        return true;
    }

    private static bool Matches(BoundFilter filter, MergedRow row) => filter switch
    {
        BoundFilter.Source s => (row.PresenceMask == s.Mask) != s.Negated,
        BoundFilter.HasIssues h => (row.Issues != RowIssues.None) == h.Wanted,
        BoundFilter.Null n => (row.Values[n.Field] is null) != n.Negated,
        BoundFilter.Invalid i => (row.IssuesOf(i.Field) & RowIssues.Invalid) != 0,
        BoundFilter.Compare c => Compare(c, ValueText.Of(row.Values[c.Field])),
        _ => throw new InvalidOperationException($"Unknown filter {filter}."),
    };

    private static bool Compare(BoundFilter.Compare filter, string? text)
    {
        if (text is null)
            return false;
        int order;
        if (filter.Number is { } wanted)
        {
            if (Number(text) is not { } number)
                return false;
            order = number.CompareTo(wanted);
        }
        else
            order = string.CompareOrdinal(text, filter.Text);
        return filter.Op switch
        {
            FilterOp.Equals => order == 0,
            FilterOp.Less => order < 0,
            FilterOp.LessOrEqual => order <= 0,
            FilterOp.Greater => order > 0,
            FilterOp.GreaterOrEqual => order >= 0,
            _ => throw new InvalidOperationException($"{filter.Op} is not a comparison."),
        };
    }

    /// <summary>The number of a value's text, or null when it is not one (as SQL's <c>case when text ~ pattern</c>).</summary>
    public static decimal? Number(string? text) =>
        text is not null && NumberText.Decimal().IsMatch(text)
            ? decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture)
            : null;

    /// <summary>The row as the query shows it.</summary>
    public QueryRow ToRow(MergedRow row) => new(
        row.Key,
        row.Values.Select(ValueText.Of).ToArray(),
        PresenceNames.Of(row.PresenceMask, query.Shape.Sources),
        RowIssueNames.Of(row.Issues));
}

/// <summary>
/// The order of a query's rows: by the sort field (numbers as numbers for numeric fields, text in ordinal order;
/// nulls last either way), then by key ascending; or by key.
/// </summary>
public sealed class RowOrder(BoundQuery query) : IComparer<QueryRow>
{
    public int Compare(QueryRow? x, QueryRow? y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (query.SortField < 0)
            return Directed(string.CompareOrdinal(x.Key, y.Key));
        var f = query.SortField;
        int order;
        if (query.Shape.Numeric[f])
        {
            decimal? a = RowMatcher.Number(x.Values[f]), b = RowMatcher.Number(y.Values[f]);
            order = (a, b) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                _ => Directed(a.Value.CompareTo(b.Value)),
            };
        }
        else
        {
            string? a = x.Values[f], b = y.Values[f];
            order = (a, b) switch
            {
                (null, null) => 0,
                (null, _) => 1,
                (_, null) => -1,
                _ => Directed(string.CompareOrdinal(a, b)),
            };
        }
        return order != 0 ? order : string.CompareOrdinal(x.Key, y.Key);
    }

    private int Directed(int order) => query.Descending ? -order : order;
}
