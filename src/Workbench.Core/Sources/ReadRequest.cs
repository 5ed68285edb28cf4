namespace Workbench.Core.Sources;

/// <summary>
/// What to read from a dataset. Connectors push as much as their source allows down to it (SQL for
/// PostgreSQL, query parameters for APIs) and apply the rest themselves, so the caller always gets exactly
/// the rows and fields asked for.
/// </summary>
/// <param name="Fields">Projection; all fields when null or empty.</param>
/// <param name="Filters">All must hold (AND).</param>
/// <param name="OrderBy">Key fields to order by; honoured by sources that can sort (PostgreSQL), refused by others.</param>
/// <param name="Limit">At most this many rows; all when null.</param>
public sealed record ReadRequest(
    IReadOnlyList<string>? Fields = null,
    IReadOnlyList<FieldFilter>? Filters = null,
    IReadOnlyList<string>? OrderBy = null,
    long? Limit = null)
{
    public static ReadRequest All { get; } = new();
}

public enum FilterOperator
{
    Equal,
    NotEqual,
    IsNull,
    IsNotNull,
}

/// <summary>A condition on one field. <see cref="Value"/> is compared as text when the source gives text.</summary>
public sealed record FieldFilter(string Field, FilterOperator Operator, object? Value = null)
{
    public bool Matches(object? actual) => Operator switch
    {
        FilterOperator.IsNull => actual is null,
        FilterOperator.IsNotNull => actual is not null,
        FilterOperator.Equal => actual is not null && Same(actual, Value),
        FilterOperator.NotEqual => actual is not null && !Same(actual, Value),
        _ => false,
    };

    private static bool Same(object actual, object? expected) =>
        expected is not null && (actual.Equals(expected) ||
            string.Equals(Convert.ToString(actual, System.Globalization.CultureInfo.InvariantCulture),
                Convert.ToString(expected, System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
}
