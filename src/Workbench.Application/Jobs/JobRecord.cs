using Workbench.Core.Jobs;
namespace Workbench.Application.Jobs;

/// <summary>One row of <c>job</c>.</summary>
public sealed class JobRecord
{
    public long Id { get; init; }
    public Guid Key { get; init; }
    public string Kind { get; init; } = "";
    public string Label { get; init; } = "";
    public string Payload { get; init; } = "{}";
    public JobState State { get; init; }
    public int Attempts { get; init; }
    public int MaxAttempts { get; init; }
    public DateTimeOffset RunAt { get; init; }
    /// <summary>The process (and Hangfire job) running the job now, or that ran it last.</summary>
    public string? Worker { get; init; }
    /// <summary>The Hangfire job that runs it; null until handed to Hangfire.</summary>
    public string? DispatchId { get; init; }
    public bool CancelRequested { get; init; }
    public long ProgressDone { get; init; }
    public long? ProgressTotal { get; init; }
    public DateTimeOffset? ProgressStartedAt { get; init; }
    public string? Error { get; init; }
    public string? Result { get; init; }
    public string CreatedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Rows (or units) per second in the current attempt, when there is progress to measure.</summary>
    public double? Rate(DateTimeOffset now)
    {
        if (ProgressStartedAt is not { } started || ProgressDone <= 0)
            return null;
        var end = State == JobState.Processing ? now : UpdatedAt;
        var seconds = (end - started).TotalSeconds;
        return seconds > 0.05 ? ProgressDone / seconds : null;
    }

    public TimeSpan? Remaining(DateTimeOffset now) =>
        State == JobState.Processing && ProgressTotal is { } total && Rate(now) is { } rate && rate > 0
            ? TimeSpan.FromSeconds(Math.Max(0, total - ProgressDone) / rate)
            : null;

    /// <summary>0..1 when the total is known.</summary>
    public double? Fraction => ProgressTotal is > 0 and var total ? Math.Clamp((double)ProgressDone / total, 0, 1) : null;
}

/// <summary>One row of <c>job_attempt</c>.</summary>
public sealed class JobAttemptRecord
{
    public long Id { get; init; }
    public long JobId { get; init; }
    public int Attempt { get; init; }
    public string Worker { get; init; } = "";
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public AttemptOutcome Outcome { get; init; }
    public string? Error { get; init; }
}

/// <summary>What to run: <paramref name="Kind"/> names the handler, <paramref name="Payload"/> is its JSON input.</summary>
public sealed record JobRequest(string Kind, object Payload, string Label = "", DateTimeOffset? RunAt = null, int? MaxAttempts = null);

/// <summary>Filters of the job list.</summary>
public sealed record JobFilter(JobState? State = null, string? Kind = null, string? Label = null, int Limit = 200);
