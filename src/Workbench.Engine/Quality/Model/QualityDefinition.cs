namespace Workbench.Engine.Quality.Model;

/// <summary>
/// What a preview compares: the sides in join order (the first side wins when values are merged), the
/// target fields, and the rules checked on the merged value of each field.
/// </summary>
public sealed record QualityDefinition(
    IReadOnlyList<QualitySide> Sides,
    IReadOnlyList<TargetField> Fields,
    IReadOnlyList<QualityRule> Rules,
    QualityOptions Options)
{
    public const int MaxSides = 8;

    public void Validate()
    {
        if (Sides.Count is < 1 or > MaxSides)
            throw new ArgumentException($"A preview joins between 1 and {MaxSides} sources; {Sides.Count} given.");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var side in Sides)
        {
            if (!names.Add(side.Name))
                throw new ArgumentException($"Two sources are both called '{side.Name}'.");
            foreach (var field in side.Fields)
                if (!Fields.Any(f => f.Name == field))
                    throw new ArgumentException($"Source '{side.Name}' feeds '{field}', which is not a target field.");
        }
        foreach (var field in Fields)
            foreach (var source in field.Precedence ?? [])
                if (!names.Contains(source))
                    throw new ArgumentException($"The precedence of '{field.Name}' names '{source}', which is not a source of the view.");
        foreach (var rule in Rules)
            if (!Fields.Any(f => f.Name == rule.Field))
                throw new ArgumentException($"A {rule.Kind} rule names '{rule.Field}', which is not a target field.");
    }
}

public static class MergeOrder
{
    /// <summary>
    /// The sides feeding a field, as (side, index among the side's values), in merge order: the field's
    /// precedence first, then the other sides in view order. The merged value is the first valid non-null one.
    /// </summary>
    public static IReadOnlyList<(int Side, int Index)> Feeders(QualityDefinition definition, TargetField field)
    {
        var names = definition.Sides.Select(s => s.Name).ToList();
        var first = (field.Precedence ?? []).Select(name => names.IndexOf(name)).Where(i => i >= 0).ToList();
        return first.Concat(Enumerable.Range(0, names.Count).Except(first))
            .Select(s => (Side: s, Index: IndexOf(definition.Sides[s].Fields, field.Name)))
            .Where(x => x.Index >= 0)
            .ToList();
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
            if (names[i] == name)
                return i;
        return -1;
    }
}

/// <summary>One source of the view: its name in the report and the target fields it feeds, in the order of its row values.</summary>
public sealed record QualitySide(string Name, IReadOnlyList<string> Fields);

/// <summary>A field of the target schema.</summary>
/// <param name="Tolerance">Overrides the preview's numeric tolerance for this field.</param>
/// <param name="Precedence">Source names whose value wins when merging (as a mapping's source precedence); view order otherwise.</param>
public sealed record TargetField(string Name, decimal? Tolerance = null, IReadOnlyList<string>? Precedence = null);

public sealed record QualityOptions
{
    /// <summary>
    /// 96 MiB: the spill's sequential files cost less than the garbage collector's work on a large table. A 1M x 1M
    /// preview took 11.8-12.7 s at 190-200 MB peak with it against 17.3-17.9 s at 510-530 MB with 512 MiB (one
    /// run of <c>benchmarks/quality/run.sh</c>, both budgets in turn); materialization peaks at 212-228 MiB from
    /// 250,000 to 2,000,000 rows per source, where 512 MiB grew to 692 MiB at no gain in speed.
    /// </summary>
    public const long DefaultMemoryBudgetBytes = 96L * 1024 * 1024;

    /// <summary>Above this estimate the hash join moves its rows into partition files on disk.</summary>
    public long MemoryBudgetBytes { get; init; } = DefaultMemoryBudgetBytes;

    /// <summary>Two numbers closer than this are not a mismatch.</summary>
    public decimal NumericTolerance { get; init; }

    /// <summary>How many issue rows the report keeps (counts are always complete).</summary>
    public int IssueSampleLimit { get; init; } = 1000;

    /// <summary>Where spill files go (a folder of their own is made inside and removed at the end); the system temp folder when null.</summary>
    public string? SpillDirectory { get; init; }
}
