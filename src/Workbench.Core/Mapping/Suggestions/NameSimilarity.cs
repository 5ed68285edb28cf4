namespace Workbench.Core.Mapping.Suggestions;

/// <summary>How alike two field names are, 0..1, on their normalised words.</summary>
public static class NameSimilarity
{
    /// <param name="sourceContext">Words of the source's dataset name: a source word repeating it (pol_ in a
    /// policies table) says nothing about the field and is ignored unless the target has it too.</param>
    public static double Score(string source, string target, IReadOnlyCollection<string>? sourceContext = null)
    {
        var targetWords = NameTokens.Of(target);
        var sourceWords = NameTokens.Of(source)
            .Where(w => sourceContext is null || !sourceContext.Contains(w) || targetWords.Contains(w))
            .ToList();
        if (sourceWords.Count == 0)
            sourceWords = NameTokens.Of(source).ToList();
        if (sourceWords.Count == 0 || targetWords.Count == 0)
            return 0;

        var targetCoverage = targetWords.Average(t => sourceWords.Max(s => WordSimilarity(s, t)));
        var sourceCoverage = sourceWords.Average(s => targetWords.Max(t => WordSimilarity(s, t)));
        // One side fully explained by the other (premium ~ premium_amount) is a strong hint, but less than both.
        return 0.6 * Math.Max(targetCoverage, sourceCoverage) + 0.4 * Math.Min(targetCoverage, sourceCoverage);
    }

    public static double WordSimilarity(string a, string b)
    {
        if (a == b)
            return 1;
        var shorter = a.Length <= b.Length ? a : b;
        var longer = a.Length <= b.Length ? b : a;
        // An abbreviation: a prefix of at least three letters (prem ~ premium).
        if (shorter.Length >= 3 && longer.StartsWith(shorter, StringComparison.Ordinal))
            return 0.85;
        var similarity = 1.0 - (double)EditDistance(a, b) / longer.Length;
        return similarity >= 0.75 ? similarity : 0;
    }

    public static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
