using System.Globalization;
using Workbench.Core.Schema;

namespace Workbench.Core.Mapping.Transforms;

/// <summary>Reads text as a decimal number written in a given culture (e.g. <c>de-DE</c>: 1.234,50).</summary>
public sealed record ParseNumber(string Culture = "") : Transform
{
    public override FieldType OutputType(FieldType input) => FieldType.Decimal;

    public override string Describe() => $"parse number ({(Culture.Length == 0 ? "invariant" : Culture)})";

    public override TransformResult Apply(object? value, TransformContext context)
    {
        if (value is null)
            return TransformResult.Ok(null);
        if (value is int or long or short or byte or decimal or double or float)
            return TransformResult.Ok(Convert.ToDecimal(value, CultureInfo.InvariantCulture));
        if (!TryCulture(out var culture))
            return TransformResult.Fail($"unknown culture \"{Culture}\"");
        var text = (ValueText.Of(value) ?? "").Trim();
        if (text.Length == 0)
            return TransformResult.Ok(null);
        return decimal.TryParse(text, NumberStyles.Number | NumberStyles.AllowCurrencySymbol, culture, out var parsed)
            ? TransformResult.Ok(parsed)
            : TransformResult.Fail($"\"{text}\" is not a number in {culture.Name}");
    }

    private bool TryCulture(out CultureInfo culture)
    {
        try
        {
            culture = CultureInfo.GetCultureInfo(Culture, predefinedOnly: true);
            return true;
        }
        catch (CultureNotFoundException)
        {
            culture = CultureInfo.InvariantCulture;
            return false;
        }
    }
}
