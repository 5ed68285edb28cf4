using Workbench.Core.Jobs;
namespace Workbench.Storage.Jobs;

/// <summary>A row of <c>job</c>.</summary>
public sealed class JobEntity
{
    public long Id { get; set; }

    public Guid Key { get; set; }

    public string Kind { get; set; } = null!;

    public string Label { get; set; } = null!;

    public string Payload { get; set; } = null!;

    public JobState State { get; set; }

    public int Attempts { get; set; }

    public int MaxAttempts { get; set; }

    public DateTime RunAt { get; set; }

    /// <summary>The process and run that has the job now (or had it last).</summary>
    public string? Worker { get; set; }

    /// <summary>The Hangfire job that runs it; null until it is handed to Hangfire.</summary>
    public string? DispatchId { get; set; }

    public bool CancelRequested { get; set; }

    public long ProgressDone { get; set; }

    public long? ProgressTotal { get; set; }

    public DateTime? ProgressStartedAt { get; set; }

    public string? Error { get; set; }

    public string? Result { get; set; }

    public string CreatedBy { get; set; } = null!;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? FinishedAt { get; set; }
}

/// <summary>A row of <c>job_attempt</c>.</summary>
public sealed class JobAttemptEntity
{
    public long Id { get; set; }

    public long JobId { get; set; }

    public int Attempt { get; set; }

    public string Worker { get; set; } = null!;

    public DateTime StartedAt { get; set; }

    public DateTime? EndedAt { get; set; }

    public AttemptOutcome Outcome { get; set; }

    public string? Error { get; set; }
}

/// <summary>A row of <c>workbench_job_effect</c>.</summary>
public sealed class WorkbenchJobEffectEntity
{
    public Guid JobKey { get; set; }

    public string Target { get; set; } = null!;

    public long RowsWritten { get; set; }

    public DateTime AppliedAt { get; set; }
}
