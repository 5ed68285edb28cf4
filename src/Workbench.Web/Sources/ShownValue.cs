using System.Globalization;

namespace Workbench.Web.Sources;

/// <summary>A value as a steward must see it: trailing spaces and empty strings are defects, so they are made visible.</summary>
public static class ShownValue
{
    public static string Of(object? value) => value switch
    {
        null => "∅",
        string s when s.Length == 0 => "\"\"",
        string s when s != s.TrimEnd() => s.TrimEnd() + new string('·', s.Length - s.TrimEnd().Length),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
