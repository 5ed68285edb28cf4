namespace Workbench.Application.Audit;

/// <summary>Who is acting, and from where: the signed-in user of a circuit or request, or a background worker.</summary>
public interface IActorContext
{
    string Actor { get; }

    string? ClientAddress { get; }
}

/// <summary>For work no person started (start-up, the demo seed, background jobs).</summary>
public sealed class SystemActor(string name = "system") : IActorContext
{
    public string Actor => name;

    public string? ClientAddress => null;
}
