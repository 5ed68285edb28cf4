namespace Workbench.Application.Jobs;

/// <summary>Section <c>Jobs</c> of appsettings.json: how this process takes part in running jobs (on Hangfire).</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>Jobs this process runs at the same time; 0 runs none (the process only enqueues).</summary>
    public int WorkerCount { get; set; } = 2;

    /// <summary>
    /// Hangfire's invisibility timeout (sliding): a job whose server died is fetched again this long after its last
    /// sign of life; a live server keeps extending it, so a long job never starts twice.
    /// </summary>
    public int InvisibilityTimeoutSeconds { get; set; } = 30;

    /// <summary>Attempts before a job is failed for good.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How often an idle server looks at the queue (a notification wakes it sooner).</summary>
    public int PollIntervalMs { get; set; } = 2000;

    /// <summary>How often a server moves scheduled retries that fell due into the queue.</summary>
    public int SchedulePollIntervalMs { get; set; } = 1000;

    /// <summary>First retry delay; each further retry doubles it, with jitter.</summary>
    public double RetryBaseSeconds { get; set; } = 5;

    public double RetryMaxSeconds { get; set; } = 600;

    /// <summary>How often a process that runs jobs looks for jobs recorded but never handed to Hangfire.</summary>
    public double DispatchSweepSeconds { get; set; } = 15;

    /// <summary>The PostgreSQL schema of Hangfire's tables, in the workbench's own database.</summary>
    public string HangfireSchema { get; set; } = "hangfire";

    public TimeSpan InvisibilityTimeout => TimeSpan.FromSeconds(Math.Max(5, InvisibilityTimeoutSeconds));

    public TimeSpan PollInterval => TimeSpan.FromMilliseconds(Math.Max(100, PollIntervalMs));

    public TimeSpan SchedulePollInterval => TimeSpan.FromMilliseconds(Math.Max(100, SchedulePollIntervalMs));
}
