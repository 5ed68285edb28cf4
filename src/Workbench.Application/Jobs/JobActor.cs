using Workbench.Application.Audit;

namespace Workbench.Application.Jobs;

/// <summary>
/// The actor of a job's scope: the person who asked for the job. <see cref="JobRunner"/> sets it before it resolves
/// the job's handler, so every service of that scope (audit log, view store...) acts in their name. Empty outside a job.
/// </summary>
public sealed class JobActor : IActorContext
{
    public string? Name { get; private set; }

    public bool IsSet => Name is not null;

    public string Actor => Name ?? "system";

    public string? ClientAddress => null;

    public void ActFor(string name) => Name = name;
}
