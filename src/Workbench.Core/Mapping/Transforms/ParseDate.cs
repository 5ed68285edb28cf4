using System.Globalization;
using Workbench.Core.Schema;

namespace Workbench.Core.Mapping.Transforms;

/// <summary>
/// Reads text as a date with an explicit, ordered list of formats (.NET custom format strings such as
/// <c>dd/MM/yyyy</c>); the first format that matches wins. Impossible dates (31 February) fail.
/// </summary>
public sealed record ParseDate(IReadOnlyList<string> Formats, bool WithTime = false) : Transform
{
    public override FieldType OutputType(FieldType input) => WithTime ? FieldType.Timestamp : FieldType.Date;

    public override string Describe() => $"parse {(WithTime ? "timestamp" : "date")} ({string.Join(", ", Formats)})";

    public override TransformResult Apply(object? value, TransformContext context)
    {
        switch (value)
        {
            case null: return TransformResult.Ok(null);
            case DateOnly d: return TransformResult.Ok(WithTime ? d.ToDateTime(TimeOnly.MinValue) : d);
            case DateTime t: return TransformResult.Ok(WithTime ? t : DateOnly.FromDateTime(t));
        }
        if (Formats.Count == 0)
            return TransformResult.Fail("no date formats given");
        var text = (ValueText.Of(value) ?? "").Trim();
        if (text.Length == 0)
            return TransformResult.Ok(null);
        foreach (var format in Formats)
        {
            if (DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var parsed))
                return TransformResult.Ok(WithTime ? parsed : DateOnly.FromDateTime(parsed));
        }
        return TransformResult.Fail($"\"{text}\" matches none of {string.Join(", ", Formats)}");
    }
}
