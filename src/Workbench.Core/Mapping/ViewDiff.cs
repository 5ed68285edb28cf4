using System.Text.Json;
using Workbench.Core.Mapping.Transforms;

namespace Workbench.Core.Mapping;

/// <summary>What changed between two versions of a view, one line per change, in words a steward reads.</summary>
public static class ViewDiff
{
    public static IReadOnlyList<string> Between(ViewSpec? previous, ViewSpec current)
    {
        if (previous is null)
            return ["First version."];
        var changes = new List<string>();
        if (previous.Name != current.Name)
            changes.Add($"Renamed from {previous.Name} to {current.Name}.");
        Compare(previous.Datasets.Select(d => d.Name), current.Datasets.Select(d => d.Name), "Dataset", changes);
        Compare(previous.Relationships.Select(Describe), current.Relationships.Select(Describe), "Relationship", changes);
        CompareKeyed(previous.Target, current.Target, t => t.Name, t => $"{t.Name} {t.Type.ToString().ToLowerInvariant()}{(t.Required ? " required" : "")}", "Target field", changes);
        CompareKeyed(previous.Mappings, current.Mappings, m => m.Target, Describe, "Mapping of", changes);
        Compare(previous.Rules.Select(r => $"{r.Field} {r.Kind} {r.Argument}".Trim()), current.Rules.Select(r => $"{r.Field} {r.Kind} {r.Argument}".Trim()), "Rule", changes);
        return changes.Count == 0 ? ["No change."] : changes;
    }

    public static string Describe(MappingEntry entry) =>
        string.Join(", else ", entry.Sources.Select(s => s.Transforms.Count == 0 ? s.Field.ToString() : $"{s.Field} ({TransformChain.Describe(s.Transforms)})"));

    private static string Describe(Relationship r) =>
        $"{r.Left} {r.Kind} {r.Right} on {string.Join(" and ", r.Keys.Select(k => $"{k.LeftField} = {k.RightField}"))}";

    private static void Compare(IEnumerable<string> before, IEnumerable<string> after, string what, List<string> changes)
    {
        var old = before.ToHashSet(StringComparer.Ordinal);
        var now = after.ToHashSet(StringComparer.Ordinal);
        changes.AddRange(now.Where(x => !old.Contains(x)).Select(x => $"{what} added: {x}."));
        changes.AddRange(old.Where(x => !now.Contains(x)).Select(x => $"{what} removed: {x}."));
    }

    private static void CompareKeyed<T>(IEnumerable<T> before, IEnumerable<T> after, Func<T, string> key, Func<T, string> describe, string what, List<string> changes)
    {
        var old = before.GroupBy(key).ToDictionary(g => g.Key, g => g.First());
        var now = after.GroupBy(key).ToDictionary(g => g.Key, g => g.First());
        foreach (var (name, item) in now)
        {
            if (!old.TryGetValue(name, out var was))
                changes.Add($"{what} {name} added: {describe(item)}.");
            else if (Json(was) != Json(item))
                changes.Add($"{what} {name} changed: {describe(was)} -> {describe(item)}.");
        }
        changes.AddRange(old.Keys.Where(k => !now.ContainsKey(k)).Select(k => $"{what} {k} removed."));
    }

    // Records holding lists compare lists by reference; their JSON compares by content.
    private static string Json<T>(T value) => JsonSerializer.Serialize(value, ViewSpecJson.Options);
}
