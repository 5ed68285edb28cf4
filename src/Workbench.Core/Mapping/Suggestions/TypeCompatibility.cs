using Workbench.Core.Schema;

namespace Workbench.Core.Mapping.Suggestions;

public enum Compatibility
{
    /// <summary>Values fit as they are (same type, integer into decimal, date into timestamp, anything into text).</summary>
    Direct,
    /// <summary>Text that may hold the type: needs a cast or a parse, which can fail per value.</summary>
    NeedsConversion,
    /// <summary>No sensible conversion (a boolean into a date).</summary>
    Incompatible,
}

public static class TypeCompatibility
{
    public static Compatibility Of(FieldType source, FieldType target)
    {
        if (source == target || target == FieldType.Text || source == FieldType.Unknown || target == FieldType.Unknown)
            return Compatibility.Direct;
        if ((source, target) is (FieldType.Integer, FieldType.Decimal) or (FieldType.Date, FieldType.Timestamp))
            return Compatibility.Direct;
        if (source is FieldType.Text or FieldType.Json)
            return Compatibility.NeedsConversion;
        if ((source, target) is (FieldType.Decimal, FieldType.Integer) or (FieldType.Timestamp, FieldType.Date)
            or (FieldType.Integer, FieldType.Boolean))
            return Compatibility.NeedsConversion;
        return Compatibility.Incompatible;
    }
}
