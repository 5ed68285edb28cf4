namespace Workbench.Storage.Accounts;

/// <summary>A row of <c>account</c>.</summary>
public sealed class AccountEntity
{
    public long Id { get; set; }

    public string UserName { get; set; } = null!;

    public string DisplayName { get; set; } = null!;

    public string PasswordHash { get; set; } = null!;

    public List<string> Roles { get; set; } = null!;

    public bool Disabled { get; set; }

    public int FailedAttempts { get; set; }

    public DateTime? LockedUntil { get; set; }

    public string SecurityStamp { get; set; } = null!;

    public DateTime CreatedAt { get; set; }
}

/// <summary>A row of <c>api_token</c>.</summary>
public sealed class ApiTokenEntity
{
    public long Id { get; set; }

    public long AccountId { get; set; }

    public string Name { get; set; } = null!;

    public string TokenHash { get; set; } = null!;

    public DateTime CreatedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}
