using System.Diagnostics.CodeAnalysis;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Npgsql;
using Workbench.Storage.Store;
using Workbench.Application.Accounts;
using Workbench.Storage.Accounts;

namespace Workbench.Application.Accounts;

/// <summary>
/// Reads and writes the <c>account</c> table. Writes take the caller's context, inside the transaction it began, so the
/// audit row commits with them. The container passes its context factory; code that builds one by hand passes the
/// data source alone.
/// </summary>
[SuppressMessage("Performance", "CA1822", Justification = "A service callers take from the container; the members that write in a caller's transaction stay members of it, so every use goes through the service.")]
public sealed class AccountStore(NpgsqlDataSource dataSource, IDbContextFactory<WorkbenchDbContext>? contexts = null)
{
    private readonly IDbContextFactory<WorkbenchDbContext> contexts = contexts ?? new DataSourceContextFactory(dataSource);

    public async Task<Account?> FindAsync(string userName, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
#pragma warning disable CA1304, CA1311, CA1862 // EF Core translates ToLower() to SQL lower(): the comparison runs in the database, as its lower(name) indexes do
        return await Accounts(db.Accounts.AsNoTracking().Where(a => a.UserName.ToLower() == userName.ToLower())).SingleOrDefaultAsync(cancellationToken);
#pragma warning restore CA1304, CA1311, CA1862
    }

    public async Task<Account?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Accounts(db.Accounts.AsNoTracking().Where(a => a.Id == id)).SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
#pragma warning disable CA1304, CA1311, CA1862 // EF Core translates ToLower() to SQL lower(): the comparison runs in the database, as its lower(name) indexes do
        return await Accounts(db.Accounts.AsNoTracking().OrderBy(a => a.UserName.ToLower())).ToListAsync(cancellationToken);
#pragma warning restore CA1304, CA1311, CA1862
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Accounts.AnyAsync(cancellationToken);
    }

    public async Task<string> PasswordHashAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Accounts.AsNoTracking().Where(a => a.Id == id).Select(a => a.PasswordHash).SingleOrDefaultAsync(cancellationToken) ?? "";
    }

    public async Task<long> InsertAsync(
        WorkbenchDbContext db, string userName, string displayName, string passwordHash, string[] roles, CancellationToken cancellationToken = default)
    {
        var account = new AccountEntity
        {
            UserName = userName,
            DisplayName = displayName,
            PasswordHash = passwordHash,
            Roles = [.. roles],
            SecurityStamp = AccountRules.NewSecurityStamp(),
        };
        db.Accounts.Add(account);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new AccountValidationException($"The user name '{userName}' is taken.");
        }
        return account.Id;
    }

    public Task SetPasswordHashAsync(WorkbenchDbContext db, long id, string passwordHash, CancellationToken cancellationToken = default)
    {
        var stamp = AccountRules.NewSecurityStamp();
        return UpdateAsync(db, id, set => set
            .SetProperty(a => a.PasswordHash, passwordHash)
            .SetProperty(a => a.FailedAttempts, 0)
            .SetProperty(a => a.LockedUntil, (DateTime?)null)
            .SetProperty(a => a.SecurityStamp, stamp), cancellationToken);
    }

    public Task SetRolesAsync(WorkbenchDbContext db, long id, string[] roles, CancellationToken cancellationToken = default)
    {
        var list = roles.ToList();
        var stamp = AccountRules.NewSecurityStamp();
        return UpdateAsync(db, id, set => set.SetProperty(a => a.Roles, list).SetProperty(a => a.SecurityStamp, stamp), cancellationToken);
    }

    public Task SetDisplayNameAsync(WorkbenchDbContext db, long id, string displayName, CancellationToken cancellationToken = default) =>
        UpdateAsync(db, id, set => set.SetProperty(a => a.DisplayName, displayName), cancellationToken);

    public Task SetDisabledAsync(WorkbenchDbContext db, long id, bool disabled, CancellationToken cancellationToken = default)
    {
        var stamp = AccountRules.NewSecurityStamp();
        return UpdateAsync(db, id, set => set.SetProperty(a => a.Disabled, disabled).SetProperty(a => a.SecurityStamp, stamp), cancellationToken);
    }

    public Task UnlockAsync(WorkbenchDbContext db, long id, CancellationToken cancellationToken = default) =>
        UpdateAsync(db, id, set => set.SetProperty(a => a.FailedAttempts, 0).SetProperty(a => a.LockedUntil, (DateTime?)null), cancellationToken);

    /// <summary>
    /// Reserves one sign-in attempt before the password is checked, in one statement so concurrent attempts queue on the
    /// row: each reservation counts as a failure until it succeeds. No row when the account is locked; an attempt
    /// that finds the limit used up by attempts still in flight locks the account itself instead of being checked.
    /// </summary>
    public async Task<AttemptReservation> ReserveAttemptAsync(long id, LockoutOptions lockout, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // Raw SQL: the reservation must read the count it wrote in the same atomic statement (update ... returning),
        // which ExecuteUpdate cannot return.
        var failures = await db.Database.SqlQuery<int>($"""
            update account set
                failed_attempts = case when failed_attempts < {lockout.MaxFailedAttempts} then failed_attempts + 1 else 0 end,
                locked_until = case when failed_attempts < {lockout.MaxFailedAttempts} then locked_until else now() + make_interval(mins => {lockout.DurationMinutes}) end
            where id = {id} and (locked_until is null or locked_until <= now())
            returning failed_attempts as "Value"
            """).ToListAsync(cancellationToken);
        return failures switch
        {
            [] => AttemptReservation.Locked,
            [0] => AttemptReservation.LockedNow,
            _ => AttemptReservation.Reserved,
        };
    }

    /// <summary>
    /// After a wrong password: locks the account if the reserved attempts have reached the limit and nobody locked it
    /// yet, so exactly one failure per lock locks. Returns whether this one did.
    /// </summary>
    public async Task<bool> LockIfLimitReachedAsync(WorkbenchDbContext db, long id, LockoutOptions lockout, CancellationToken cancellationToken = default) =>
        await db.Accounts
            .Where(a => a.Id == id && a.FailedAttempts >= lockout.MaxFailedAttempts && (a.LockedUntil == null || a.LockedUntil <= DateTime.UtcNow))
            .ExecuteUpdateAsync(set => set
                .SetProperty(a => a.FailedAttempts, 0)
                .SetProperty(a => a.LockedUntil, a => DateTime.UtcNow.AddMinutes(lockout.DurationMinutes)), cancellationToken) == 1;

    /// <summary>
    /// After a right password: clears the count unless a concurrent attempt locked the account meanwhile, in which
    /// case the lock stands and the sign-in is refused. Returns whether it cleared.
    /// </summary>
    public async Task<bool> RecordSuccessAsync(WorkbenchDbContext db, long id, CancellationToken cancellationToken = default) =>
        await db.Accounts
            .Where(a => a.Id == id && (a.LockedUntil == null || a.LockedUntil <= DateTime.UtcNow))
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.FailedAttempts, 0).SetProperty(a => a.LockedUntil, (DateTime?)null), cancellationToken) == 1;

    /// <summary>Enabled admins other than <paramref name="exceptId"/>: an admin action must never leave none.</summary>
    public async Task<int> CountOtherEnabledAdminsAsync(WorkbenchDbContext db, long exceptId, CancellationToken cancellationToken = default) =>
        await db.Accounts.CountAsync(a => a.Id != exceptId && !a.Disabled && a.Roles.Contains(Roles.Admin), cancellationToken);

    private static async Task UpdateAsync(
        WorkbenchDbContext db, long id, Action<UpdateSettersBuilder<AccountEntity>> setters, CancellationToken cancellationToken)
    {
        if (await db.Accounts.Where(a => a.Id == id).ExecuteUpdateAsync(setters, cancellationToken) == 0)
            throw new AccountValidationException("That account does not exist.");
    }

    /// <summary>Only the columns an <see cref="Account"/> shows: the password hash stays in the table.</summary>
    private static IQueryable<Account> Accounts(IQueryable<AccountEntity> rows) => rows.Select(a => new Account(
        a.Id, a.UserName, a.DisplayName, a.Roles, a.Disabled, a.FailedAttempts, Utc(a.LockedUntil), a.SecurityStamp, Utc(a.CreatedAt)));

    private static DateTimeOffset? Utc(DateTime? value) => value is { } time ? new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)) : null;

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
