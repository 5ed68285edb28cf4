using Workbench.Core.Sql;
using Workbench.Engine.Quality.Expressions;

namespace Workbench.Engine.Quality.Pushdown;

/// <summary>
/// The SQL twin of <see cref="ColumnExpression.Evaluate"/>: casts are guarded by the same anchored patterns
/// (<see cref="NumberText"/>, <see cref="DateFormats"/>), so a bad value becomes a counted failure, never an error
/// that stops the query.
/// </summary>
internal static class ColumnExpressionSql
{
    public static string SqlType(ExpressionKind kind) => kind switch
    {
        ExpressionKind.Number => "numeric",
        ExpressionKind.Integer => "bigint",
        ExpressionKind.Date => "date",
        _ => "text",
    };

    /// <summary>The trimmed text of an expression, null when blank.</summary>
    public static string Trimmed(string text) => $"nullif(btrim({text}), '')";

    /// <summary>
    /// What is read per row before duplicates are set aside: the final value of a text transform, or the
    /// trimmed text (null when blank) that a cast will parse once the first row of each key is known.
    /// </summary>
    public static string Projected(ColumnExpression expression)
    {
        var text = SqlIdentifier.Quote(expression.Column) + "::text";
        return expression.Kind switch
        {
            ExpressionKind.Direct => text,
            ExpressionKind.Trim => $"btrim({text})",
            ExpressionKind.Upper => $"upper({text})",
            ExpressionKind.Lower => $"lower({text})",
            _ => Trimmed(text),
        };
    }

    /// <summary>The harmonised value from <see cref="Projected"/> output; a failed cast is null, never an error.</summary>
    public static string Value(ColumnExpression expression, string projected, SqlParameters parameters) => expression.Kind switch
    {
        ExpressionKind.Direct or ExpressionKind.Trim or ExpressionKind.Upper or ExpressionKind.Lower => projected,
        ExpressionKind.Number => $"case when {projected} ~ {parameters.Text(NumberText.DecimalPattern)} then {projected}::numeric end",
        ExpressionKind.Integer => $"case when {projected} ~ {parameters.Text(NumberText.IntegerPattern)} then {projected}::bigint end",
        ExpressionKind.Date => Date(projected, expression.Formats!, parameters),
        _ => throw new InvalidOperationException($"Unknown expression kind {expression.Kind}."),
    };

    /// <summary>The date of trimmed text by the first format that parses, or null; never an error.</summary>
    public static string Date(string trimmed, IReadOnlyList<string> formats, SqlParameters parameters)
    {
        var parts = formats.Select(f => DateByFormat(trimmed, DateFormats.Get(f), parameters)).ToList();
        return parts.Count == 1 ? parts[0] : $"coalesce({string.Join(", ", parts)})";
    }

    // The parts are cut by position once the anchored pattern matched: regexp_match with capture groups costs
    // PostgreSQL tens of microseconds a row, a plain match and three substr calls a small fraction of that.
    // The WHENs run in order, so make_date only ever sees a valid year and month.
    private static string DateByFormat(string trimmed, DateFormat format, SqlParameters parameters)
    {
        string y = $"substr({trimmed}, {format.YearStart}, 4)::int", m = $"substr({trimmed}, {format.MonthStart}, 2)::int",
            d = $"substr({trimmed}, {format.DayStart}, 2)::int";
        return $"case when {trimmed} is null or {trimmed} !~ {parameters.Text(format.Pattern)} then null"
            + $" when not ({y} between 1 and 9999 and {m} between 1 and 12) then null"
            + $" when {d} between 1 and {DaysInMonth(y, m)} then make_date({y}, {m}, {d})"
            + " end";
    }

    /// <summary>The days of a month in integer arithmetic (Gregorian leap years), cheaper than date arithmetic.</summary>
    private static string DaysInMonth(string year, string month) =>
        $"case {month} when 2 then case when {year} % 4 = 0 and ({year} % 100 <> 0 or {year} % 400 = 0) then 29 else 28 end"
        + $" when 4 then 30 when 6 then 30 when 9 then 30 when 11 then 30 else 31 end";

    /// <summary>The canonical key text of one key column (see <see cref="KeyNormalizer"/>).</summary>
    public static string KeyPart(string column, SqlParameters parameters)
    {
        var trimmed = $"btrim({SqlIdentifier.Quote(column)}::text)";
        return $"case when {trimmed} ~ {parameters.Text(NumberText.KeyNumberPattern)} then trim_scale({trimmed}::numeric)::text else nullif({trimmed}, '') end";
    }
}
