namespace Workbench.Application.Jobs;

/// <summary>A job this worker holds the lease on, for attempt <see cref="Attempt"/>; every update is fenced by these fields.</summary>
public sealed record ClaimedJob(
    long Id, Guid Key, string Kind, string Label, string Payload, int Attempt, int MaxAttempts, string CreatedBy, string Worker, long AttemptId);
