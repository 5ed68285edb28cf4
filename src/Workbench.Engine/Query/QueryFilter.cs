namespace Workbench.Engine.Query;

/// <summary>What a filter asks of a field or of the query's own columns.</summary>
public enum FilterOp
{
    /// <summary><c>_source is legacy+fast</c>, or a field equal to a value.</summary>
    Is,
    IsNot,
    IsNull,
    IsNotNull,
    /// <summary>A transform of the field failed in at least one source.</summary>
    IsInvalid,
    Equals,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>
/// One condition on the rows of a query: <c>_source</c> is / is not a combination of sources, <c>_has_issues</c>
/// true or false, or a target field that is null, not null, invalid, equal to or compared with a value (numbers
/// compare as numbers for integer and decimal fields, everything else as text in ordinal order, so ISO dates compare
/// as dates).
/// </summary>
public sealed record QueryFilter(string Field, FilterOp Op, string? Value = null);
