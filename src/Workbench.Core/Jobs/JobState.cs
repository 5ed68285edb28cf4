namespace Workbench.Core.Jobs;

/// <summary>The states of a job. Stored in <c>job.state</c> as the lower-case words of <see cref="JobStates"/>.</summary>
public enum JobState
{
    Enqueued,
    Scheduled,
    Processing,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>How one attempt ended. Stored in <c>job_attempt.outcome</c> as the words of <see cref="JobStates"/>.</summary>
public enum AttemptOutcome
{
    Running,
    Succeeded,
    Failed,
    Cancelled,

    /// <summary>The process stopped gracefully mid-run; the job went back to the queue and the attempt did not count.</summary>
    Interrupted,

    /// <summary>The process running it died (or lost the store); the next pick-up closed it.</summary>
    Abandoned,

    /// <summary>Another run of the same job took over while this one still ran; this one stopped without effect.</summary>
    Superseded,
}

/// <summary>The stored words of <see cref="JobState"/> and <see cref="AttemptOutcome"/>, the same as every earlier version stored.</summary>
public static class JobStates
{
    public static IReadOnlyList<JobState> All { get; } = Enum.GetValues<JobState>();

    public static bool IsFinished(this JobState state) => state is JobState.Succeeded or JobState.Failed or JobState.Cancelled;

    public static bool IsWaiting(this JobState state) => state is JobState.Enqueued or JobState.Scheduled;

    public static string Stored(this JobState state) => state switch
    {
        JobState.Enqueued => "enqueued",
        JobState.Scheduled => "scheduled",
        JobState.Processing => "processing",
        JobState.Succeeded => "succeeded",
        JobState.Failed => "failed",
        JobState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static JobState ParseState(string stored) => TryParse(stored, out var state)
        ? state
        : throw new InvalidOperationException($"Unknown job state '{stored}' in the store.");

    public static bool TryParse(string? stored, out JobState state)
    {
        foreach (var candidate in All)
        {
            if (candidate.Stored() == stored)
            {
                state = candidate;
                return true;
            }
        }
        state = default;
        return false;
    }

    public static string Stored(this AttemptOutcome outcome) => outcome switch
    {
        AttemptOutcome.Running => "running",
        AttemptOutcome.Succeeded => "succeeded",
        AttemptOutcome.Failed => "failed",
        AttemptOutcome.Cancelled => "cancelled",
        AttemptOutcome.Interrupted => "interrupted",
        AttemptOutcome.Abandoned => "abandoned",
        // The word earlier versions stored for a worker whose lease another had taken over.
        AttemptOutcome.Superseded => "lease-lost",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    public static AttemptOutcome ParseOutcome(string stored) =>
        Enum.GetValues<AttemptOutcome>().FirstOrDefault(o => o.Stored() == stored) is var outcome && outcome.Stored() == stored
            ? outcome
            : throw new InvalidOperationException($"Unknown attempt outcome '{stored}' in the store.");
}
