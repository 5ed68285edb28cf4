namespace Workbench.Engine.Quality.Model;

/// <summary>Names presence combinations: a bit per source (bit 0 = first source), shown as "legacy+fast".</summary>
public static class PresenceNames
{
    public static string Of(int mask, IReadOnlyList<string> sources) =>
        string.Join('+', sources.Where((_, i) => (mask & (1 << i)) != 0));

    /// <summary>Every non-empty combination, in mask order, with its count (zeros included, so reports compare field by field).</summary>
    public static IReadOnlyDictionary<string, long> Counts(long[] byMask, IReadOnlyList<string> sources)
    {
        var result = new Dictionary<string, long>();
        for (var mask = 1; mask < byMask.Length; mask++)
            result[Of(mask, sources)] = byMask[mask];
        return result;
    }
}
