namespace Workbench.Engine.Query;

/// <summary>
/// Reads a filter written as <c>field op value</c>, as the CLI's <c>--where</c> takes it: <c>_source is legacy+fast</c>,
/// <c>_source is not legacy</c>, <c>_has_issues</c> (or <c>_has_issues = false</c>), <c>premium is null</c>,
/// <c>premium is not null</c>, <c>premium is invalid</c>, <c>status = active</c>, <c>premium &gt;= 100</c>,
/// <c>premium between 100 and 500</c> (two filters). A value may be quoted ('a b' or "a b").
/// </summary>
public static class QueryFilterText
{
    private static readonly (string Text, FilterOp Op)[] Comparisons =
    [
        ("<=", FilterOp.LessOrEqual), (">=", FilterOp.GreaterOrEqual), ("!=", FilterOp.IsNot), ("<>", FilterOp.IsNot),
        ("==", FilterOp.Equals), ("=", FilterOp.Equals), ("<", FilterOp.Less), (">", FilterOp.Greater),
    ];

    public static IReadOnlyList<QueryFilter> Parse(string text)
    {
        var trimmed = text.Trim();
        var end = trimmed.IndexOfAny([' ', '\t', '=', '<', '>', '!']);
        var field = end < 0 ? trimmed : trimmed[..end];
        var rest = end < 0 ? "" : trimmed[end..].TrimStart();
        if (field.Length == 0)
            throw Rejected(text, "it names no field");
        if (rest.Length == 0)
            return field == QueryColumns.HasIssues ? [new QueryFilter(field, FilterOp.Is, "true")] : throw Rejected(text, "it has no operator");

        foreach (var (symbol, op) in Comparisons)
            if (rest.StartsWith(symbol, StringComparison.Ordinal))
                return [new QueryFilter(field, op, Value(text, rest[symbol.Length..]))];

        var words = rest.Split((char[]?)null, 3, StringSplitOptions.RemoveEmptyEntries);
        var first = words[0].ToLowerInvariant();
        if (first == "between")
            return Between(text, field, rest["between".Length..]);
        if (first != "is" || words.Length < 2)
            throw Rejected(text, $"'{words[0]}' is not an operator (is, is not, is null, is not null, is invalid, =, !=, <, <=, >, >=, between)");
        var second = words[1].ToLowerInvariant();
        var afterIs = rest[2..].TrimStart();
        return (second, words.Length) switch
        {
            ("null", 2) => [new QueryFilter(field, FilterOp.IsNull)],
            ("invalid", 2) => [new QueryFilter(field, FilterOp.IsInvalid)],
            ("not", 3) when words[2].Equals("null", StringComparison.OrdinalIgnoreCase) => [new QueryFilter(field, FilterOp.IsNotNull)],
            ("not", 3) => [new QueryFilter(field, FilterOp.IsNot, Value(text, afterIs[3..]))],
            _ => [new QueryFilter(field, FilterOp.Is, Value(text, afterIs))],
        };
    }

    /// <summary>
    /// A filter given in parts (as the HTTP API takes it): <paramref name="op"/> is one of is, is not, is null,
    /// is not null, is invalid, =, !=, &lt;, &lt;=, &gt;, &gt;=, between (with <paramref name="to"/>).
    /// </summary>
    public static IReadOnlyList<QueryFilter> FromParts(string? field, string? op, string? value, string? to)
    {
        if (string.IsNullOrWhiteSpace(field))
            throw new QueryRejectedException("A filter names no field.");
        var text = $"{field} {op} {value}".TrimEnd();
        var normalized = string.Join(' ', (op ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
        FilterOp? unary = normalized switch
        {
            "is null" => FilterOp.IsNull,
            "is not null" => FilterOp.IsNotNull,
            "is invalid" => FilterOp.IsInvalid,
            _ => null,
        };
        if (unary is { } only)
            return [new QueryFilter(field, only)];
        if (normalized == "between")
            return [new QueryFilter(field, FilterOp.GreaterOrEqual, Required(text, value)), new QueryFilter(field, FilterOp.LessOrEqual, Required(text, to))];
        if (normalized == "" && field == QueryColumns.HasIssues)
            return [new QueryFilter(field, FilterOp.Is, value ?? "true")];
        FilterOp named = normalized switch
        {
            "is" => FilterOp.Is,
            "is not" => FilterOp.IsNot,
            _ => Comparisons.FirstOrDefault(c => c.Text == normalized) is { Text: not null } c
                ? c.Op
                : throw Rejected(text, $"'{op}' is not an operator (is, is not, is null, is not null, is invalid, =, !=, <, <=, >, >=, between)"),
        };
        return [new QueryFilter(field, named, Required(text, value))];
    }

    /// <summary>A filter written back as <see cref="Parse"/> reads it (the CSV link's <c>where</c>).</summary>
    public static string Format(QueryFilter filter) => filter.Op switch
    {
        FilterOp.IsNull => $"{filter.Field} is null",
        FilterOp.IsNotNull => $"{filter.Field} is not null",
        FilterOp.IsInvalid => $"{filter.Field} is invalid",
        FilterOp.Is => $"{filter.Field} is {filter.Value}",
        FilterOp.IsNot => $"{filter.Field} is not {filter.Value}",
        _ => $"{filter.Field} {Comparisons.First(c => c.Op == filter.Op).Text} {filter.Value}",
    };

    private static string Required(string text, string? value) =>
        string.IsNullOrEmpty(value) ? throw Rejected(text, "it has no value") : value;

    private static QueryFilter[] Between(string text, string field, string range)
    {
        var at = range.IndexOf(" and ", StringComparison.OrdinalIgnoreCase);
        if (at < 0)
            throw Rejected(text, "between needs 'between LOW and HIGH'");
        return [new QueryFilter(field, FilterOp.GreaterOrEqual, Value(text, range[..at])), new QueryFilter(field, FilterOp.LessOrEqual, Value(text, range[(at + 5)..]))];
    }

    private static string Value(string text, string value)
    {
        value = value.Trim();
        if (value.Length >= 2 && (value[0] is '\'' or '"') && value[^1] == value[0])
            value = value[1..^1];
        return value.Length > 0 ? value : throw Rejected(text, "it has no value");
    }

    private static QueryRejectedException Rejected(string text, string why) => new($"The filter \"{text}\" cannot be read: {why}.");
}
