using System.Globalization;
using System.Text.Json.Serialization;

namespace Workbench.Engine.Quality.Expressions;

[JsonConverter(typeof(JsonStringEnumConverter<ExpressionKind>))]
public enum ExpressionKind
{
    /// <summary>The column's value as text.</summary>
    Direct,
    Trim,
    Upper,
    Lower,
    /// <summary>Trimmed text to a decimal (<see cref="NumberText.DecimalPattern"/>); blank is null, anything else invalid.</summary>
    Number,
    /// <summary>Trimmed text to a 64-bit integer (<see cref="NumberText.IntegerPattern"/>).</summary>
    Integer,
    /// <summary>Trimmed text to a date by the first of <see cref="ColumnExpression.Formats"/> that parses.</summary>
    Date,
}

/// <summary>
/// How one target field is read from one column, evaluated the same way row by row (<see cref="Evaluate"/>)
/// and in SQL (<see cref="Pushdown.ColumnExpressionSql"/>): the shared vocabulary of both engines.
/// <paramref name="Reason"/> replaces the default failure reason, so a view's mapping pushed down counts its
/// failures under the reason its own transform gives row by row.
/// </summary>
public sealed record ColumnExpression(string Column, ExpressionKind Kind = ExpressionKind.Direct, IReadOnlyList<string>? Formats = null, string? Reason = null)
{
    public const string NotANumber = "not a number";
    public const string NotAnInteger = "not an integer";

    /// <summary>The reason recorded when the transform fails; null for transforms that cannot fail.</summary>
    public string? FailureReason => Kind switch
    {
        ExpressionKind.Number or ExpressionKind.Integer or ExpressionKind.Date when Reason is not null => Reason,
        ExpressionKind.Number => NotANumber,
        ExpressionKind.Integer => NotAnInteger,
        ExpressionKind.Date => $"not a date ({string.Join(", ", Formats ?? [])})",
        _ => null,
    };

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Column))
            throw new ArgumentException("A field expression needs a column.");
        if (Kind == ExpressionKind.Date)
        {
            if (Formats is not { Count: > 0 })
                throw new ArgumentException($"The date transform of '{Column}' needs at least one format.");
            foreach (var format in Formats)
                DateFormats.Get(format);
        }
    }

    /// <summary>The harmonised value of a raw column value, or the failure reason.</summary>
    public (object? Value, string? Failure) Evaluate(object? raw)
    {
        var text = ValueText.Of(raw is DBNull ? null : raw);
        if (text is null)
            return (null, null);
        switch (Kind)
        {
            case ExpressionKind.Direct: return (text, null);
            case ExpressionKind.Trim: return (text.Trim(' '), null);
            case ExpressionKind.Upper: return (text.ToUpperInvariant(), null);
            case ExpressionKind.Lower: return (text.ToLowerInvariant(), null);
        }
        var trimmed = text.Trim(' ');
        if (trimmed.Length == 0)
            return (null, null);
        return Kind switch
        {
            ExpressionKind.Number when NumberText.Decimal().IsMatch(trimmed) =>
                (decimal.Parse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture), null),
            ExpressionKind.Integer when NumberText.Integer().IsMatch(trimmed) =>
                (long.Parse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture), null),
            ExpressionKind.Date when DateFormats.TryParseAny(trimmed, Formats!, out var date) => (date, null),
            _ => (null, FailureReason),
        };
    }
}
