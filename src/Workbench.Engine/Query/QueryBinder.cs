using System.Globalization;
using Workbench.Engine.Quality.Expressions;

namespace Workbench.Engine.Query;

/// <summary>What a view offers a query: its target fields in order (which compare as numbers) and its sources in side order.</summary>
public sealed record QueryShape(IReadOnlyList<string> Fields, IReadOnlyList<bool> Numeric, IReadOnlyList<string> Sources);

/// <summary>A filter checked against the view: the field's index (-1 for the query's own columns) and the value in its kind.</summary>
public abstract record BoundFilter
{
    /// <summary>The key is held by exactly the sources of <paramref name="Mask"/> (or, negated, by any other combination).</summary>
    public sealed record Source(int Mask, bool Negated) : BoundFilter;

    public sealed record HasIssues(bool Wanted) : BoundFilter;

    public sealed record Null(int Field, bool Negated) : BoundFilter;

    public sealed record Invalid(int Field) : BoundFilter;

    /// <summary>The field compared with a number (numeric fields) or with text in ordinal order; a null value never matches.</summary>
    public sealed record Compare(int Field, FilterOp Op, decimal? Number, string Text) : BoundFilter;
}

/// <summary>A query checked against the view it asks: what the engines run.</summary>
/// <param name="SortField">-1: by key.</param>
public sealed record BoundQuery(QueryShape Shape, IReadOnlyList<BoundFilter> Filters, int SortField, bool Descending, int Offset, int Limit)
{
    public int Window => Offset + Limit;
}

/// <summary>
/// Checks a query against a view: every field a target field of the view (or the query's own columns), every
/// operator one the column takes, every value of the field's kind, the page within <see cref="ViewQuery.MaxLimit"/>
/// and <see cref="ViewQuery.MaxWindow"/>. Anything else is a <see cref="QueryRejectedException"/> naming it.
/// </summary>
public static class QueryBinder
{
    public static BoundQuery Bind(ViewQuery query, QueryShape shape)
    {
        if (query.Limit is < 1 or > ViewQuery.MaxLimit)
            throw new QueryRejectedException($"The limit must be between 1 and {ViewQuery.MaxLimit}; {query.Limit} was asked.");
        if (query.Offset < 0 || (long)query.Offset + query.Limit > ViewQuery.MaxWindow)
            throw new QueryRejectedException($"Offset plus limit must be between 1 and {ViewQuery.MaxWindow}; narrow the filters instead of paging that far.");
        var sortField = -1;
        if (query.Sort is { } sort && sort.Field != QueryColumns.Key)
            sortField = FieldIndex(shape, sort.Field, "sort by");
        var filters = query.Where.Select(f => Bind(f, shape)).ToList();
        return new BoundQuery(shape, filters, sortField, query.Sort?.Descending ?? false, query.Offset, query.Limit);
    }

    private static BoundFilter Bind(QueryFilter filter, QueryShape shape)
    {
        switch (filter.Field)
        {
            case QueryColumns.Source:
                return filter.Op is FilterOp.Is or FilterOp.Equals or FilterOp.IsNot
                    ? new BoundFilter.Source(Mask(shape, filter.Value), filter.Op == FilterOp.IsNot)
                    : throw Unsupported(filter, "is, is not");
            case QueryColumns.HasIssues:
                if (filter.Op is not (FilterOp.Is or FilterOp.Equals))
                    throw Unsupported(filter, "is true, is false");
                return bool.TryParse(filter.Value, out var wanted)
                    ? new BoundFilter.HasIssues(wanted)
                    : throw new QueryRejectedException($"{QueryColumns.HasIssues} is true or false, not '{filter.Value}'.");
        }
        var field = FieldIndex(shape, filter.Field, "filter on");
        switch (filter.Op)
        {
            case FilterOp.IsNull or FilterOp.IsNotNull:
                return new BoundFilter.Null(field, filter.Op == FilterOp.IsNotNull);
            case FilterOp.IsInvalid:
                return new BoundFilter.Invalid(field);
            case FilterOp.IsNot:
                throw Unsupported(filter, "is null, is not null, is invalid, =, <, <=, >, >=, between");
        }
        var text = filter.Value ?? throw new QueryRejectedException($"The filter on '{filter.Field}' needs a value.");
        decimal? number = null;
        if (shape.Numeric[field])
            number = NumberText.Decimal().IsMatch(text.Trim())
                ? decimal.Parse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture)
                : throw new QueryRejectedException($"'{filter.Field}' is a number, and '{text}' is not one.");
        return new BoundFilter.Compare(field, filter.Op == FilterOp.Is ? FilterOp.Equals : filter.Op, number, text);
    }

    private static int FieldIndex(QueryShape shape, string field, string what)
    {
        var index = shape.Fields.ToList().IndexOf(field);
        return index >= 0
            ? index
            : throw new QueryRejectedException(
                $"Cannot {what} '{field}': it is not a mapped field of the view. Fields: {string.Join(", ", [QueryColumns.Key, .. shape.Fields])}"
                + $"; and {QueryColumns.Source}, {QueryColumns.HasIssues} for filters.");
    }

    /// <summary>"legacy+fast": the mask of exactly those sources.</summary>
    private static int Mask(QueryShape shape, string? value)
    {
        var mask = 0;
        foreach (var name in (value ?? "").Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var side = shape.Sources.ToList().IndexOf(name);
            if (side < 0)
                throw new QueryRejectedException($"'{name}' is not a source of the view; {QueryColumns.Source} names {string.Join(", ", shape.Sources)} joined by +.");
            mask |= 1 << side;
        }
        return mask != 0 ? mask : throw new QueryRejectedException($"{QueryColumns.Source} needs sources joined by +, e.g. {string.Join('+', shape.Sources)}.");
    }

    private static QueryRejectedException Unsupported(QueryFilter filter, string ops) =>
        new($"'{filter.Field}' takes {ops}; not {filter.Op}.");
}
