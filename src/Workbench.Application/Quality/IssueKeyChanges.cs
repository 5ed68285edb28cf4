namespace Workbench.Application.Quality;

/// <summary>
/// Which keys gained or lost issues between two runs of one view version: what a steward's fix in a source did,
/// before anything is materialized. Each list holds at most <see cref="ListLimit"/> keys; the counts are of all.
/// </summary>
/// <param name="Remaining">The issues the newer run counted (every kind, not only the sampled rows).</param>
/// <param name="FromSamples">
/// True when either run's stored issue sample may have stopped at its limit: then a key missing from a sample may
/// still have issues, and the lists compare the samples rather than every key.
/// </param>
public sealed record IssueKeyChanges(
    long PreviousRunId,
    IReadOnlyList<string> Gained,
    int GainedCount,
    IReadOnlyList<string> Lost,
    int LostCount,
    long Remaining,
    bool FromSamples)
{
    public const int ListLimit = 100;

    public static IssueKeyChanges Between(long previousRunId, SampledIssueKeys before, SampledIssueKeys after, long remaining)
    {
        var gained = after.Keys.Except(before.Keys).Order(StringComparer.Ordinal).ToList();
        var lost = before.Keys.Except(after.Keys).Order(StringComparer.Ordinal).ToList();
        return new IssueKeyChanges(previousRunId, gained.Take(ListLimit).ToList(), gained.Count, lost.Take(ListLimit).ToList(), lost.Count,
            remaining, FromSamples: !before.Complete || !after.Complete);
    }
}

/// <summary>The distinct keys of a run's stored issue rows; <see cref="Complete"/> when the sample did not reach its limit.</summary>
public sealed record SampledIssueKeys(IReadOnlySet<string> Keys, bool Complete);
