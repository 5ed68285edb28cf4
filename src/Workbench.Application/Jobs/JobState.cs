namespace Workbench.Application.Jobs;

/// <summary>The states of a job, as stored in <c>job.state</c>.</summary>
public static class JobState
{
    public const string Enqueued = "enqueued";
    public const string Scheduled = "scheduled";
    public const string Processing = "processing";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static IReadOnlyList<string> All { get; } = [Enqueued, Scheduled, Processing, Succeeded, Failed, Cancelled];

    public static bool IsFinished(string state) => state is Succeeded or Failed or Cancelled;
}

/// <summary>How one attempt ended, as stored in <c>job_attempt.outcome</c>.</summary>
public static class AttemptOutcome
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
    public const string Interrupted = "interrupted";
    public const string Abandoned = "abandoned";
    public const string LeaseLost = "lease-lost";
}
