namespace Workbench.Application.Jobs;

/// <summary>
/// A job this process is running, as attempt <see cref="Attempt"/>; every update it makes is fenced by
/// <see cref="Worker"/> and <see cref="Attempt"/>, so a run another one took over can never overwrite that one.
/// </summary>
public sealed record RunningJob(
    long Id, Guid Key, string Kind, string Label, string Payload, int Attempt, int MaxAttempts, string CreatedBy, string Worker, long AttemptId);

/// <summary>What the store says to a running job at a batch boundary.</summary>
public enum RunStatus
{
    Held,
    CancelRequested,
    Superseded,
}
