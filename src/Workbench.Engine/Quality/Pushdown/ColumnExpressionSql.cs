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

    public static string Value(ColumnExpression expression, SqlParameters parameters)
    {
        var text = SqlIdentifier.Quote(expression.Column) + "::text";
        var trimmed = Trimmed(text);
        return expression.Kind switch
        {
            ExpressionKind.Direct => text,
            ExpressionKind.Trim => $"btrim({text})",
            ExpressionKind.Upper => $"upper({text})",
            ExpressionKind.Lower => $"lower({text})",
            ExpressionKind.Number => $"case when {trimmed} ~ {parameters.Text(NumberText.DecimalPattern)} then btrim({text})::numeric end",
            ExpressionKind.Integer => $"case when {trimmed} ~ {parameters.Text(NumberText.IntegerPattern)} then btrim({text})::bigint end",
            ExpressionKind.Date => Date(trimmed, expression.Formats!, parameters),
            _ => throw new InvalidOperationException($"Unknown expression kind {expression.Kind}."),
        };
    }

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
