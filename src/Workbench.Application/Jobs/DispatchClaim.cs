namespace Workbench.Application.Jobs;

/// <summary>
/// What a job's dispatch id holds while a dispatcher is handing it to Hangfire: taken in one short transaction, replaced
/// by the Hangfire job's id in a second, so no row lock is held across Hangfire's client. Other dispatchers leave a
/// claimed job alone; a claim older than <see cref="Timeout"/> was left by a process that died in between, and the
/// sweep dispatches the job again.
/// </summary>
public static class DispatchClaim
{
    public const string Prefix = "claim:";

    /// <summary>Far longer than a Hangfire client call takes; short enough that a lost claim delays a job by little.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    public static string New() => Prefix + Guid.NewGuid().ToString("N");

    public static bool Is(string? dispatchId) => dispatchId?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    /// <summary>A claim made before <see cref="Timeout"/> ago (a claimed job's row changes only when it is claimed or acted on).</summary>
    public static bool IsStale(string dispatchId, DateTime updatedAtUtc, DateTime nowUtc) => Is(dispatchId) && nowUtc - updatedAtUtc > Timeout;
}
