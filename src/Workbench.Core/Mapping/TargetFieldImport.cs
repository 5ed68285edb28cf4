namespace Workbench.Core.Mapping;

/// <summary>
/// Adds the fields of a dataset or table to a view's target schema. Names are compared ignoring case, as every saved
/// view's are (<see cref="ViewSpecLimits"/>): a field already present is kept, and fields of the source that clash
/// among themselves are refused, not merged, since which one was meant is the steward's call.
/// </summary>
public static class TargetFieldImport
{
    public sealed record Outcome(IReadOnlyList<TargetField> Target, string Message);

    public static Outcome Merge(IReadOnlyList<TargetField> target, IEnumerable<TargetField> fields, string from)
    {
        var imported = fields.ToList();
        if (ViewSpecLimits.DuplicateTargets(imported).FirstOrDefault() is { } clash)
            return new(target, $"Nothing imported from {from}: {ViewSpecLimits.Describe(clash)}");
        var added = imported.Where(f => target.All(t => !string.Equals(t.Name, f.Name, StringComparison.OrdinalIgnoreCase))).ToList();
        return new([.. target, .. added], $"{added.Count} field(s) added from {from}; fields already present were kept.");
    }
}
