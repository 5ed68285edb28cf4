namespace Workbench.Application.Accounts;

/// <summary>Section <c>Accounts:Lockout</c>: how many wrong passwords in a row lock an account, and for how long.</summary>
public sealed class LockoutOptions
{
    public const string Section = "Accounts:Lockout";

    public int MaxFailedAttempts { get; set; } = 5;

    public int DurationMinutes { get; set; } = 15;

    public TimeSpan Duration => TimeSpan.FromMinutes(DurationMinutes);
}
