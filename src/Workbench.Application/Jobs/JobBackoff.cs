namespace Workbench.Application.Jobs;

/// <summary>
/// Exponential backoff with "equal jitter": half the exponential delay is kept, the other half is random,
/// so workers retrying the same failing dependency spread out instead of returning in lockstep.
/// </summary>
public static class JobBackoff
{
    public static TimeSpan Delay(int failedAttempts, double baseSeconds, double maxSeconds, Random random)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var ceiling = Math.Min(maxSeconds, baseSeconds * Math.Pow(2, exponent));
        return TimeSpan.FromSeconds(ceiling / 2 + random.NextDouble() * ceiling / 2);
    }
}
