using Workbench.Core.Mapping.Transforms;
using Workbench.Core.Schema;

namespace Workbench.Web.Mapping;

/// <summary>The transforms a steward can add, with sensible starting parameters.</summary>
public static class TransformCatalog
{
    public static readonly IReadOnlyList<(string Kind, string Label)> Kinds =
    [
        ("trim", "Trim spaces"), ("cast", "Cast to a type"), ("upper", "Upper case"), ("lower", "Lower case"),
        ("parseDate", "Parse date (formats)"), ("parseNumber", "Parse number (culture)"), ("default", "Default when null"),
        ("valueMap", "Value map"), ("concat", "Concatenate fields"), ("regexExtract", "Regex extract"),
    ];

    public static Transform Create(string kind) => kind switch
    {
        "cast" => new Cast(FieldType.Text),
        "upper" => new ChangeCase(LetterCase.Upper),
        "lower" => new ChangeCase(LetterCase.Lower),
        "parseDate" => new ParseDate(["yyyy-MM-dd", "dd/MM/yyyy", "dd.MM.yyyy", "MM/dd/yyyy"]),
        "parseNumber" => new ParseNumber("en-US"),
        "default" => new DefaultWhenNull(""),
        "valueMap" => new ValueMap(new Dictionary<string, string?>()),
        "concat" => new Concat([]),
        "regexExtract" => new RegexExtract("(.*)", 1),
        _ => new Trim(),
    };
}
