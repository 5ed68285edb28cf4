namespace Workbench.Engine.Query;

/// <summary>
/// A question to a view's merged rows: filters (all must hold), an order and a page. Field names are the view's
/// target fields or the query's own columns (<see cref="QueryColumns"/>); <see cref="QueryBinder"/> checks them.
/// </summary>
/// <param name="Sort">Null: by key.</param>
public sealed record ViewQuery(IReadOnlyList<QueryFilter> Where, QuerySort? Sort = null, int Offset = 0, int Limit = ViewQuery.DefaultLimit)
{
    public const int DefaultLimit = 100;

    /// <summary>The largest page: a bigger one is refused, so a page's memory has a ceiling.</summary>
    public const int MaxLimit = 5_000;

    /// <summary>
    /// Offset plus limit at most: a streamed view keeps that many rows while it reads (the best so far, in a bounded
    /// heap), so the window caps a query's memory however large the view.
    /// </summary>
    public const int MaxWindow = 50_000;
}

/// <summary>Order by a target field or <c>_key</c>; ties (and null values, last) are ordered by key.</summary>
public sealed record QuerySort(string Field, bool Descending = false);

/// <summary>The columns every row of a query has besides the target fields.</summary>
public static class QueryColumns
{
    public const string Key = "_key";
    public const string Source = "_source";
    public const string Issues = "_issues";
    public const string HasIssues = "_has_issues";

    /// <summary>The columns of a query's rows: the key, the target fields in view order, where the key is and its issues.</summary>
    public static IReadOnlyList<string> Of(IEnumerable<string> fields) => [Key, .. fields, Source, Issues];
}

/// <summary>One row of a query: the key, each target field's merged value as text, the sources holding the key (<c>legacy+fast</c>) and its kinds of issue (<c>null,mismatch</c>).</summary>
public sealed record QueryRow(string Key, IReadOnlyList<string?> Values, string Source, string Issues)
{
    /// <summary>The row's cells in <see cref="QueryColumns.Of"/> order.</summary>
    public IEnumerable<string?> Cells() => [Key, .. Values, Source, Issues];
}

/// <summary>A page of a query: its columns, its rows and how many rows match in all.</summary>
/// <param name="Engine">pushdown or streaming.</param>
public sealed record QueryPage(IReadOnlyList<string> Columns, IReadOnlyList<QueryRow> Rows, long Total, string Engine);

/// <summary>A query the view cannot answer as asked (unknown field, bad value, page too large); the message says which and why.</summary>
public sealed class QueryRejectedException(string message) : Exception(message);
