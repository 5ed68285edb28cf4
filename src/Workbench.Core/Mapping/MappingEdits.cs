namespace Workbench.Core.Mapping;

/// <summary>The edits the canvas makes, as pure functions from one spec to the next (which makes undo trivial).</summary>
public static class MappingEdits
{
    /// <summary>Adds <paramref name="source"/> as the lowest-precedence source of <paramref name="target"/>; no-op when present.</summary>
    public static ViewSpec Connect(ViewSpec spec, FieldRef source, string target)
    {
        var entry = spec.MappingFor(target);
        if (entry?.Sources.Any(s => s.Field == source) == true)
            return spec;
        var sources = (entry?.Sources ?? []).Append(new MappingSource(source, [])).ToList();
        return WithEntry(spec, new MappingEntry(target, sources));
    }

    public static ViewSpec Disconnect(ViewSpec spec, FieldRef source, string target)
    {
        var entry = spec.MappingFor(target);
        if (entry is null)
            return spec;
        var sources = entry.Sources.Where(s => s.Field != source).ToList();
        return WithEntry(spec, entry with { Sources = sources });
    }

    /// <summary>Moves a source one place up (-1) or down (+1) in precedence.</summary>
    public static ViewSpec Move(ViewSpec spec, FieldRef source, string target, int by)
    {
        var entry = spec.MappingFor(target);
        var sources = entry?.Sources.ToList() ?? [];
        var index = sources.FindIndex(s => s.Field == source);
        var to = index + by;
        if (entry is null || index < 0 || to < 0 || to >= sources.Count)
            return spec;
        (sources[index], sources[to]) = (sources[to], sources[index]);
        return WithEntry(spec, entry with { Sources = sources });
    }

    public static ViewSpec ReplaceSource(ViewSpec spec, string target, MappingSource replacement)
    {
        var entry = spec.MappingFor(target);
        if (entry is null)
            return spec;
        var sources = entry.Sources.Select(s => s.Field == replacement.Field ? replacement : s).ToList();
        return WithEntry(spec, entry with { Sources = sources });
    }

    private static ViewSpec WithEntry(ViewSpec spec, MappingEntry entry)
    {
        var others = spec.Mappings.Where(m => m.Target != entry.Target);
        var mappings = entry.Sources.Count == 0 ? others.ToList() : others.Append(entry).ToList();
        // Keep mappings in target-schema order so diffs and exports read predictably.
        var order = spec.Target.Select((t, i) => (t.Name, i)).ToDictionary(p => p.Name, p => p.i);
        return spec with { Mappings = mappings.OrderBy(m => order.GetValueOrDefault(m.Target, int.MaxValue)).ToList() };
    }
}
