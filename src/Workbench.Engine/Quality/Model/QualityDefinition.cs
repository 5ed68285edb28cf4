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
        foreach (var rule in Rules)
            if (!Fields.Any(f => f.Name == rule.Field))
                throw new ArgumentException($"A {rule.Kind} rule names '{rule.Field}', which is not a target field.");
    }
}

/// <summary>One source of the view: its name in the report and the target fields it feeds, in the order of its row values.</summary>
public sealed record QualitySide(string Name, IReadOnlyList<string> Fields);

/// <summary>A field of the target schema; <paramref name="Tolerance"/> overrides the preview's numeric tolerance for it.</summary>
public sealed record TargetField(string Name, decimal? Tolerance = null);

public sealed record QualityOptions
{
    public const long DefaultMemoryBudgetBytes = 512L * 1024 * 1024;

    /// <summary>Above this estimate the hash join moves its rows into partition files on disk.</summary>
    public long MemoryBudgetBytes { get; init; } = DefaultMemoryBudgetBytes;

    /// <summary>Two numbers closer than this are not a mismatch.</summary>
    public decimal NumericTolerance { get; init; }

    /// <summary>How many issue rows the report keeps (counts are always complete).</summary>
    public int IssueSampleLimit { get; init; } = 1000;

    /// <summary>Where spill files go (a folder of their own is made inside and removed at the end); the system temp folder when null.</summary>
    public string? SpillDirectory { get; init; }
}
