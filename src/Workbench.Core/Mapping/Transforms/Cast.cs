using System.Globalization;
using Workbench.Core.Schema;

namespace Workbench.Core.Mapping.Transforms;

/// <summary>Converts to a type using invariant, unambiguous forms only (ISO dates, '.' decimals).</summary>
public sealed record Cast(FieldType To) : Transform
{
    public override FieldType OutputType(FieldType input) => To;

    public override string Describe() => $"cast to {To.ToString().ToLowerInvariant()}";

    public override TransformResult Apply(object? value, TransformContext context)
    {
        if (value is null)
            return TransformResult.Ok(null);
        return To switch
        {
            FieldType.Text => TransformResult.Ok(ValueText.Of(value)),
            FieldType.Integer => ToInteger(value),
            FieldType.Decimal => ToDecimal(value),
            FieldType.Date => ToDate(value),
            FieldType.Timestamp => ToTimestamp(value),
            FieldType.Boolean => ToBoolean(value),
            _ => TransformResult.Fail($"cannot cast to {To}"),
        };
    }

    private static TransformResult ToInteger(object value)
    {
        switch (value)
        {
            case int or long or short or byte:
                return TransformResult.Ok(Convert.ToInt64(value, CultureInfo.InvariantCulture));
            case decimal or double or float:
                var number = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
                return number == decimal.Truncate(number) && number is >= long.MinValue and <= long.MaxValue
                    ? TransformResult.Ok((long)number)
                    : TransformResult.Fail($"{ValueText.Of(value)} has a fraction");
        }
        var text = ValueText.Of(value) ?? "";
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? TransformResult.Ok(parsed)
            : TransformResult.Fail($"\"{text}\" is not an integer");
    }

    private static TransformResult ToDecimal(object value)
    {
        if (value is int or long or short or byte or decimal or double or float)
            return TransformResult.Ok(Convert.ToDecimal(value, CultureInfo.InvariantCulture));
        var text = ValueText.Of(value) ?? "";
        return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed)
            ? TransformResult.Ok(parsed)
            : TransformResult.Fail($"\"{text}\" is not a decimal number (use Parse number for other cultures)");
    }

    private static TransformResult ToDate(object value)
    {
        switch (value)
        {
            case DateOnly d: return TransformResult.Ok(d);
            case DateTime t: return TransformResult.Ok(DateOnly.FromDateTime(t));
            case DateTimeOffset o: return TransformResult.Ok(DateOnly.FromDateTime(o.DateTime));
        }
        var text = ValueText.Of(value) ?? "";
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)
            ? TransformResult.Ok(parsed)
            : TransformResult.Fail($"\"{text}\" is not an ISO date (use Parse date with its formats)");
    }

    private static TransformResult ToTimestamp(object value)
    {
        switch (value)
        {
            case DateTime t: return TransformResult.Ok(t);
            case DateOnly d: return TransformResult.Ok(d.ToDateTime(TimeOnly.MinValue));
            case DateTimeOffset o: return TransformResult.Ok(o.UtcDateTime);
        }
        var text = ValueText.Of(value) ?? "";
        string[] formats = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ss.FFFFFFFK", "yyyy-MM-dd"];
        return DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var parsed)
            ? TransformResult.Ok(parsed)
            : TransformResult.Fail($"\"{text}\" is not an ISO timestamp (use Parse date with its formats)");
    }

    private static TransformResult ToBoolean(object value)
    {
        switch (value)
        {
            case bool b: return TransformResult.Ok(b);
            case int or long or short or byte:
                var n = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                return n is 0 or 1 ? TransformResult.Ok(n == 1) : TransformResult.Fail($"{n} is not 0 or 1");
        }
        var text = (ValueText.Of(value) ?? "").Trim().ToLowerInvariant();
        return text switch
        {
            "true" or "t" or "yes" or "y" or "1" => TransformResult.Ok(true),
            "false" or "f" or "no" or "n" or "0" => TransformResult.Ok(false),
            _ => TransformResult.Fail($"\"{text}\" is not a boolean"),
        };
    }
}
