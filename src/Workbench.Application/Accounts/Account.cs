namespace Workbench.Application.Accounts;

/// <summary>A person who may sign in. The password hash never leaves the store layer.</summary>
public sealed record Account(
    long Id,
    string UserName,
    string DisplayName,
    IReadOnlyList<string> Roles,
    bool Disabled,
    int FailedAttempts,
    DateTimeOffset? LockedUntil,
    string SecurityStamp,
    DateTimeOffset CreatedAt)
{
    public bool IsLockedAt(DateTimeOffset now) => LockedUntil is { } until && until > now;
}
