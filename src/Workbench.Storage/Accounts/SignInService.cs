using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;
using Workbench.Storage.Audit;

namespace Workbench.Storage.Accounts;

public enum SignInOutcome
{
    Succeeded,
    Failed,
    LockedOut,
    Disabled,
}

public sealed record SignInResult(SignInOutcome Outcome, Account? Account);

/// <summary>
/// Checks a user name and password, counts failures towards lockout, and audits every attempt under the
/// name that was typed (the caller is not signed in yet).
/// </summary>
public sealed class SignInService(NpgsqlDataSource dataSource, AccountStore accounts, IOptions<LockoutOptions> lockout, TimeProvider clock)
{
    private static readonly PasswordHasher<Account> Hasher = new();

    /// <summary>Verified against for unknown users, so a wrong name costs as long as a wrong password.</summary>
    private static readonly string DecoyHash = Hasher.HashPassword(null!, AccountRules.GeneratePassword());

    public static string HashPassword(string password) => Hasher.HashPassword(null!, password);

    public async Task<SignInResult> SignInAsync(string userName, string password, string? clientAddress, CancellationToken cancellationToken = default)
    {
        var typed = userName.Trim();
        var audit = new AuditLog(dataSource, new Attempt(typed.Length > 100 ? typed[..100] : typed, clientAddress));
        var account = typed.Length == 0 ? null : await accounts.FindAsync(typed, cancellationToken);
        if (account is null)
        {
            Hasher.VerifyHashedPassword(null!, DecoyHash, password);
            await audit.RecordAsync(new AuditEntry("account.sign-in", "account", null, Outcome: AuditOutcome.Failed, Details: new { reason = "unknown user" }), cancellationToken);
            return new SignInResult(SignInOutcome.Failed, null);
        }

        var entityId = account.Id.ToString();
        if (account.Disabled)
        {
            await audit.RecordAsync(new AuditEntry("account.sign-in", "account", entityId, Outcome: AuditOutcome.Denied, Details: new { reason = "disabled" }), cancellationToken);
            return new SignInResult(SignInOutcome.Disabled, null);
        }
        if (account.IsLockedAt(clock.GetUtcNow()))
        {
            await audit.RecordAsync(new AuditEntry("account.sign-in", "account", entityId, Outcome: AuditOutcome.Denied, Details: new { reason = "locked out" }), cancellationToken);
            return new SignInResult(SignInOutcome.LockedOut, null);
        }

        var hash = await accounts.PasswordHashAsync(account.Id, cancellationToken);
        var verified = Hasher.VerifyHashedPassword(account, hash, password);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        SignInResult result;
        if (verified == PasswordVerificationResult.Failed)
        {
            var locked = await accounts.RecordFailureAsync(transaction, account.Id, lockout.Value, cancellationToken);
            await audit.RecordAsync(transaction, new AuditEntry("account.sign-in", "account", entityId, Outcome: AuditOutcome.Failed, Details: new { reason = "wrong password" }), cancellationToken);
            if (locked)
                await audit.RecordAsync(transaction, new AuditEntry("account.lockout", "account", entityId,
                    Details: new { failures = lockout.Value.MaxFailedAttempts, minutes = lockout.Value.DurationMinutes }), cancellationToken);
            result = new SignInResult(locked ? SignInOutcome.LockedOut : SignInOutcome.Failed, null);
        }
        else
        {
            if (verified == PasswordVerificationResult.SuccessRehashNeeded)
                await accounts.SetPasswordHashAsync(transaction, account.Id, Hasher.HashPassword(account, password), cancellationToken);
            await accounts.RecordSuccessAsync(transaction, account.Id, cancellationToken);
            await audit.RecordAsync(transaction, new AuditEntry("account.sign-in", "account", entityId), cancellationToken);
            result = new SignInResult(SignInOutcome.Succeeded, account);
        }
        await transaction.CommitAsync(cancellationToken);
        return result.Account is null ? result : result with { Account = await accounts.FindAsync(account.Id, cancellationToken) };
    }

    private sealed class Attempt(string actor, string? clientAddress) : IActorContext
    {
        public string Actor => actor.Length == 0 ? "(empty)" : actor;

        public string? ClientAddress => clientAddress;
    }
}
