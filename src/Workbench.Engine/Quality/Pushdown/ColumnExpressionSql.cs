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

    private static string DateByFormat(string trimmed, DateFormat format, SqlParameters parameters)
    {
        string y = $"r[{format.YearGroup}]::int", m = $"r[{format.MonthGroup}]::int", d = $"r[{format.DayGroup}]::int";
        return $"(select case when r is null then null"
            + $" when not ({y} between 1 and 9999 and {m} between 1 and 12) then null"
            + $" when {d} between 1 and extract(day from make_date({y}, {m}, 1) + interval '1 month - 1 day')::int then make_date({y}, {m}, {d})"
            + $" end from (select regexp_match({trimmed}, {parameters.Text(format.Pattern)}) as r) as wb_date)";
    }

    /// <summary>The canonical key text of one key column (see <see cref="KeyNormalizer"/>).</summary>
    public static string KeyPart(string column, SqlParameters parameters)
    {
        var trimmed = $"btrim({SqlIdentifier.Quote(column)}::text)";
        return $"case when {trimmed} ~ {parameters.Text(NumberText.KeyNumberPattern)} then trim_scale({trimmed}::numeric)::text else nullif({trimmed}, '') end";
    }
}
