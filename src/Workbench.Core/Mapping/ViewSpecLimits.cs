namespace Workbench.Core.Mapping;

/// <summary>
/// What no saved view may break, whoever saves it (editor, import, API): a name of bounded length, and target fields
/// whose names differ also when case is ignored, so each still names one column wherever names are case-folded
/// (unquoted SQL, spreadsheets).
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
        return DuplicateTargets(spec.Target).FirstOrDefault() is { } clash ? Describe(clash) : null;
    }

    /// <summary>The target fields that share a name, ignoring case: each group as spelled in the spec.</summary>
    public static IEnumerable<IReadOnlyList<string>> DuplicateTargets(IEnumerable<TargetField> target) =>
        target.GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => (IReadOnlyList<string>)g.Select(t => t.Name).ToList());

    public static string Describe(IReadOnlyList<string> clash) =>
        clash.Distinct(StringComparer.Ordinal).Count() == 1
            ? $"Target field {clash[0]} is defined {clash.Count} times; each target field needs a name of its own."
            : $"Target fields {string.Join(" and ", clash.Distinct(StringComparer.Ordinal))} differ only in case; each target field needs a name of its own, ignoring case.";
}
