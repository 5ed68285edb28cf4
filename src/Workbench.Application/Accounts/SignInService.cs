using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Workbench.Application.Audit;
using Workbench.Storage.Store;

namespace Workbench.Application.Accounts;

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
public sealed class SignInService(
    NpgsqlDataSource dataSource, AccountStore accounts, IOptions<LockoutOptions> lockout, IDbContextFactory<WorkbenchDbContext>? contexts = null)
{
    private readonly IDbContextFactory<WorkbenchDbContext> contexts = contexts ?? new DataSourceContextFactory(dataSource);

    private static readonly PasswordHasher<Account> Hasher = new();

    /// <summary>Verified against for unknown users, so a wrong name costs as long as a wrong password.</summary>
    private static readonly string DecoyHash = Hasher.HashPassword(null!, AccountRules.GeneratePassword());

    public static string HashPassword(string password) => Hasher.HashPassword(null!, password);

    public async Task<SignInResult> SignInAsync(string userName, string password, string? clientAddress, CancellationToken cancellationToken = default)
    {
        var typed = userName.Trim();
        var audit = new AuditLog(dataSource, new Attempt(typed.Length > 100 ? typed[..100] : typed, clientAddress), contexts);
        var account = typed.Length == 0 ? null : await accounts.FindAsync(typed, cancellationToken);
        if (account is null)
            return await RefuseAsync(audit, null, AuditOutcome.Failed, "unknown user", SignInOutcome.Failed, password, cancellationToken);

        var entityId = account.Id.ToString(CultureInfo.InvariantCulture);
        if (account.Disabled)
            return await RefuseAsync(audit, entityId, AuditOutcome.Denied, "disabled", SignInOutcome.Disabled, password, cancellationToken);

        // The attempt is counted before the password is checked, so concurrent guesses cannot all be checked.
        switch (await accounts.ReserveAttemptAsync(account.Id, lockout.Value, cancellationToken))
        {
            case AttemptReservation.Locked:
                return await RefuseAsync(audit, entityId, AuditOutcome.Denied, "locked out", SignInOutcome.LockedOut, password, cancellationToken);
            case AttemptReservation.LockedNow:
                await RecordLockoutAsync(audit, null, entityId, cancellationToken);
                return await RefuseAsync(audit, entityId, AuditOutcome.Denied, "locked out", SignInOutcome.LockedOut, password, cancellationToken);
        }

        var hash = await accounts.PasswordHashAsync(account.Id, cancellationToken);
        var verified = Hasher.VerifyHashedPassword(account, hash, password);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // A failed statement abandons the whole change, so SaveChanges needs no savepoint round trips around its own.
        db.Database.AutoSavepointsEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        SignInResult result;
        if (verified == PasswordVerificationResult.Failed)
        {
            await audit.RecordAsync(db, new AuditEntry("account.sign-in", "account", entityId, Outcome: AuditOutcome.Failed, Details: new { reason = "wrong password" }), cancellationToken);
            var locked = await accounts.LockIfLimitReachedAsync(db, account.Id, lockout.Value, cancellationToken);
            if (locked)
                await RecordLockoutAsync(audit, db, entityId, cancellationToken);
            result = new SignInResult(locked ? SignInOutcome.LockedOut : SignInOutcome.Failed, null);
        }
        else if (!await accounts.RecordSuccessAsync(db, account.Id, cancellationToken))
        {
            await audit.RecordAsync(db, new AuditEntry("account.sign-in", "account", entityId, Outcome: AuditOutcome.Denied, Details: new { reason = "locked out" }), cancellationToken);
            result = new SignInResult(SignInOutcome.LockedOut, null);
        }
        else
        {
            if (verified == PasswordVerificationResult.SuccessRehashNeeded)
                await accounts.SetPasswordHashAsync(db, account.Id, Hasher.HashPassword(account, password), cancellationToken);
            await audit.RecordAsync(db, new AuditEntry("account.sign-in", "account", entityId), cancellationToken);
            result = new SignInResult(SignInOutcome.Succeeded, account);
        }
        await transaction.CommitAsync(cancellationToken);
        return result.Account is null ? result : result with { Account = await accounts.FindAsync(account.Id, cancellationToken) };
    }

    /// <summary>
    /// A refusal without checking the account's password still verifies against a decoy, so that how long the answer
    /// takes does not tell whether the name exists.
    /// </summary>
    private static async Task<SignInResult> RefuseAsync(
        AuditLog audit, string? entityId, string outcome, string reason, SignInOutcome result, string password, CancellationToken cancellationToken)
    {
        Hasher.VerifyHashedPassword(null!, DecoyHash, password);
        await audit.RecordAsync(new AuditEntry("account.sign-in", "account", entityId, Outcome: outcome, Details: new { reason }), cancellationToken);
        return new SignInResult(result, null);
    }

    private Task RecordLockoutAsync(AuditLog audit, WorkbenchDbContext? db, string entityId, CancellationToken cancellationToken)
    {
        var entry = new AuditEntry("account.lockout", "account", entityId,
            Details: new { failures = lockout.Value.MaxFailedAttempts, minutes = lockout.Value.DurationMinutes });
        return db is null ? audit.RecordAsync(entry, cancellationToken) : audit.RecordAsync(db, entry, cancellationToken);
    }

    private sealed class Attempt(string actor, string? clientAddress) : IActorContext
    {
        public string Actor => actor.Length == 0 ? "(empty)" : actor;

        public string? ClientAddress => clientAddress;
    }
}
