using System.Text.Json;
using Workbench.Core.Text;

namespace Workbench.Core.Mapping;

/// <summary>
/// What no saved view may break, whoever saves it (editor, import, API): a name of bounded length, and target fields
/// whose names differ also when case is ignored, so each still names one column wherever names are case-folded
/// (unquoted SQL, spreadsheets); and no text the store cannot hold.
/// </summary>
public static class ViewSpecLimits
{
    public const int MaxNameLength = 200;

    /// <summary>Why <paramref name="spec"/> cannot be saved, as a sentence for the steward, or null.</summary>
    public static string? Problem(ViewSpec spec)
    {
        var length = spec.Name.Trim().Length;
        if (length > MaxNameLength)
            return $"The view name is {length} characters long; at most {MaxNameLength} are allowed.";
        if (TextProblem(spec) is { } text)
            return text;
        return DuplicateTargets(spec.Target).FirstOrDefault() is { } clash ? Describe(clash) : null;
    }

    /// <summary>The fields a steward types are named; anything else holding a NUL (a transform's constant) is caught in the spec's JSON.</summary>
    private static string? TextProblem(ViewSpec spec) =>
        UserText.Problem([
            (spec.Name, "The view name"),
            (spec.Description, "The view description"),
            .. spec.Target.SelectMany(t => new[] { (t.Name, "A target field name"), (t.Description, $"The description of target field {t.Name}") }),
            .. spec.Rules.Select(r => (r.Argument, $"The {r.Kind} rule on {r.Field}")),
        ])
        ?? (HoldsNul(JsonSerializer.SerializeToElement(spec, ViewSpecJson.Options)) ? UserText.Refusal("A value in the view") : null);

    private static bool HoldsNul(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!.Contains('\0'),
        JsonValueKind.Object => element.EnumerateObject().Any(p => p.Name.Contains('\0') || HoldsNul(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().Any(HoldsNul),
        _ => false,
    };

    /// <summary>The target fields that share a name, ignoring case: each group as spelled in the spec.</summary>
    public static IEnumerable<IReadOnlyList<string>> DuplicateTargets(IEnumerable<TargetField> target) =>
        target.GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => (IReadOnlyList<string>)g.Select(t => t.Name).ToList());

    public static string Describe(IReadOnlyList<string> clash) =>
        clash.Distinct(StringComparer.Ordinal).Count() == 1
            ? $"Target field {clash[0]} is defined {clash.Count} times; each target field needs a name of its own."
            : $"Target fields {string.Join(" and ", clash.Distinct(StringComparer.Ordinal))} differ only in case; each target field needs a name of its own, ignoring case.";
}
