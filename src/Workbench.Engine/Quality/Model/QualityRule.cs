using System.Text.Json.Serialization;

namespace Workbench.Engine.Quality.Model;

[JsonConverter(typeof(JsonStringEnumConverter<RuleKind>))]
public enum RuleKind
{
    NotNull,
    Unique,
    Pattern,
    InSet,
    Between,
    ValidDate,
    LengthBetween,
}

/// <summary>
/// A check on the merged value of a target field. Null values pass every rule but <see cref="RuleKind.NotNull"/>.
/// Pattern: a regular expression the text must match somewhere (anchor it with ^...$ for a whole match).
/// Between: inclusive numeric bounds; a value that is not a number fails. LengthBetween: inclusive character counts.
/// ValidDate: the text parses with one of <see cref="Formats"/> (see <see cref="Expressions.DateFormats"/>).
/// </summary>
public sealed record QualityRule(
    string Field,
    RuleKind Kind,
    string? Pattern = null,
    IReadOnlyList<string>? Values = null,
    decimal? Min = null,
    decimal? Max = null,
    IReadOnlyList<string>? Formats = null)
{
    public string Describe() => Kind switch
    {
        RuleKind.NotNull => "not null",
        RuleKind.Unique => "unique",
        RuleKind.Pattern => $"matches {Pattern}",
        RuleKind.InSet => $"in {{{string.Join(", ", Values ?? [])}}}",
        RuleKind.Between => $"between {Min} and {Max}",
        RuleKind.ValidDate => $"valid date ({string.Join(", ", Formats ?? [])})",
        RuleKind.LengthBetween => $"length between {Min} and {Max}",
        _ => Kind.ToString(),
    };

    public void Validate()
    {
        var problem = Kind switch
        {
            RuleKind.Pattern when string.IsNullOrEmpty(Pattern) => "needs a pattern",
            RuleKind.InSet when Values is not { Count: > 0 } => "needs at least one value",
            RuleKind.Between or RuleKind.LengthBetween when Min is null || Max is null || Min > Max => "needs min <= max",
            RuleKind.ValidDate when Formats is not { Count: > 0 } => "needs at least one date format",
            _ => null,
        };
        if (problem is not null)
            throw new ArgumentException($"The {Kind} rule on '{Field}' {problem}.");
        if (Kind == RuleKind.ValidDate)
            foreach (var format in Formats!)
                Expressions.DateFormats.Get(format);
    }
}
