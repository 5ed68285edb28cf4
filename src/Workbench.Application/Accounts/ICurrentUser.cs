using Workbench.Application.Audit;

namespace Workbench.Application.Accounts;

/// <summary>The person acting (or the console operator), with their roles: services check these, not the UI.</summary>
public interface ICurrentUser : IActorContext
{
    bool IsSignedIn { get; }

    bool IsInRole(string role);
}

/// <summary>Whoever runs a command on the server itself (create-admin, the demo seed): trusted with every role.</summary>
public sealed class CommandLineOperator(string name) : ICurrentUser
{
    public string Actor => name;

    public string? ClientAddress => null;

    public bool IsSignedIn => true;

    public bool IsInRole(string role) => Roles.IsKnown(role);
}
