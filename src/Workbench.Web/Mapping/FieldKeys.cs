using System.Text.RegularExpressions;
using Workbench.Core.Mapping;

namespace Workbench.Web.Mapping;

/// <summary>Stable, attribute-safe identifiers for fields on the page (test ids, element ids, select values).</summary>
public static partial class FieldKeys
{
    public static string Source(FieldRef field) => $"{field.Dataset}|{field.Field}";

    public static FieldRef? ParseSource(string? key)
    {
        var bar = key?.IndexOf('|') ?? -1;
        return bar > 0 ? new FieldRef(key![..bar], key[(bar + 1)..]) : null;
    }

    public static string TestId(string prefix, string name) => $"{prefix}-{Unsafe().Replace(name, "_")}";

    public static string Connector(FieldRef source, string target) =>
        TestId("connector", $"{source.Dataset}.{source.Field}--{target}");

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex Unsafe();
}
