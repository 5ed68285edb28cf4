using System.Globalization;
using Workbench.Core.Mapping;
using Workbench.Engine.Quality.Model;

namespace Workbench.Engine.Views;

/// <summary>
/// A view's rules as the engine checks them. Kinds are read in snake_case or camelCase (<c>not_null</c>,
/// <c>notNull</c>); the argument is a regular expression for <c>pattern</c>, comma-separated values for
/// <c>in_set</c>, comma-separated <c>yyyy</c>/<c>MM</c>/<c>dd</c> formats for <c>valid_date</c>, and <c>min,max</c>
/// for <c>between</c> and <c>length_between</c>.
/// </summary>
public static class ViewRules
{
    public static QualityRule ToQualityRule(RuleSpec rule)
    {
        var kind = Kind(rule);
        var argument = rule.Argument ?? "";
        var quality = kind switch
        {
            RuleKind.Pattern => new QualityRule(rule.Field, kind, Pattern: argument),
            RuleKind.InSet => new QualityRule(rule.Field, kind, Values: List(argument)),
            RuleKind.ValidDate => new QualityRule(rule.Field, kind, Formats: List(argument)),
            RuleKind.Between or RuleKind.LengthBetween => Range(rule, kind, argument),
            _ => new QualityRule(rule.Field, kind),
        };
        try
        {
            quality.Validate();
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            throw new ViewRunException($"The rule '{rule.Kind}' on '{rule.Field}' cannot be checked: {ex.Message}");
        }
        return quality;
    }

    private static RuleKind Kind(RuleSpec rule)
    {
        var name = rule.Kind.Replace("_", "", StringComparison.Ordinal);
        if (Enum.TryParse<RuleKind>(name, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(name, out _))
            return kind;
        throw new ViewRunException(
            $"The rule '{rule.Kind}' on '{rule.Field}' is not a kind the preview knows; use one of not_null, unique, pattern, in_set, between, valid_date, length_between.");
    }

    private static QualityRule Range(RuleSpec rule, RuleKind kind, string argument)
    {
        var bounds = List(argument);
        if (bounds.Count == 2 &&
            decimal.TryParse(bounds[0], NumberStyles.Number, CultureInfo.InvariantCulture, out var min) &&
            decimal.TryParse(bounds[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var max))
            return new QualityRule(rule.Field, kind, Min: min, Max: max);
        throw new ViewRunException($"The rule '{rule.Kind}' on '{rule.Field}' needs its argument as 'min,max' (e.g. 0,100000); it is '{argument}'.");
    }

    private static List<string> List(string argument) =>
        argument.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
}
