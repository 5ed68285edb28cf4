namespace Workbench.Application.Jobs;

/// <summary>Section <c>Jobs</c> of appsettings.json.</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>Jobs this instance runs at the same time; 0 runs none (the instance only enqueues).</summary>
    public int WorkerCount { get; set; } = 2;

    /// <summary>How long a claim holds without a heartbeat; a job whose worker died is claimable again after this.</summary>
    public int LeaseSeconds { get; set; } = 30;

    public int HeartbeatSeconds { get; set; } = 10;

    /// <summary>Attempts before a job is failed for good.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How often an idle worker looks for due jobs (a notification wakes it sooner).</summary>
    public int PollIntervalMs { get; set; } = 2000;

    /// <summary>First retry delay; each further retry doubles it, with jitter.</summary>
    public double RetryBaseSeconds { get; set; } = 5;

    public double RetryMaxSeconds { get; set; } = 600;

    public TimeSpan Lease => TimeSpan.FromSeconds(Math.Max(1, LeaseSeconds));

    public TimeSpan Heartbeat => TimeSpan.FromSeconds(Math.Clamp(HeartbeatSeconds, 1, Math.Max(1, LeaseSeconds / 2)));
}
