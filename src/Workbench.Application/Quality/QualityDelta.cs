using Workbench.Engine.Quality.Model;

namespace Workbench.Application.Quality;

/// <summary>One figure that changed between two runs of a view, e.g. "premium nulls 412 -> 3".</summary>
public sealed record QualityChange(string Figure, long Before, long After)
{
    public override string ToString() => $"{Figure} {Before} -> {After}";
}

public static class QualityDelta
{
    /// <summary>The figures that changed, in report order: presence, per-field nulls/invalid/mismatches, duplicates, null keys, rules.</summary>
    public static IReadOnlyList<QualityChange> Between(QualityReport before, QualityReport after) =>
        Figures(after).Zip(Figures(after).Select(f => Lookup(before, f.Figure)))
            .Where(x => x.Second is { } b && b != x.First.Value)
            .Select(x => new QualityChange(x.First.Figure, x.Second!.Value, x.First.Value))
            .ToList();

    private static long? Lookup(QualityReport report, string figure) =>
        Figures(report).Where(f => f.Figure == figure).Select(f => (long?)f.Value).FirstOrDefault();

    private static IEnumerable<(string Figure, long Value)> Figures(QualityReport report)
    {
        yield return ("keys", report.Keys);
        foreach (var (presence, count) in report.Presence)
            yield return ($"keys in {presence}", count);
        foreach (var field in report.Fields)
        {
            yield return ($"{field.Name} nulls", field.Nulls);
            yield return ($"{field.Name} invalid", field.Invalid);
            yield return ($"{field.Name} mismatches", field.Mismatches);
        }
        foreach (var (source, duplicates) in report.Duplicates)
            yield return ($"{source} duplicate rows", duplicates.ExtraRows);
        foreach (var (source, count) in report.NullKeys)
            yield return ($"{source} null keys", count);
        foreach (var rule in report.RuleFailures)
            yield return ($"{rule.Field} {rule.Description}", rule.Failures);
    }
}
