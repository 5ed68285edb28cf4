using Dapper;
using Npgsql;

namespace Workbench.Storage.Accounts;

/// <summary>Reads and writes the <c>account</c> table. Writes take the caller's transaction so the audit row commits with them.</summary>
public sealed class AccountStore(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        id as Id, user_name as UserName, display_name as DisplayName, roles as Roles, disabled as Disabled,
        failed_attempts as FailedAttempts, locked_until as LockedUntil, security_stamp as SecurityStamp, created_at as CreatedAt
        """;

    public async Task<Account?> FindAsync(string userName, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"select {Columns} from account where lower(user_name) = lower(@userName)", new { userName }, cancellationToken: cancellationToken));
        return row?.ToAccount();
    }

    public async Task<Account?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"select {Columns} from account where id = @id", new { id }, cancellationToken: cancellationToken));
        return row?.ToAccount();
    }

    public async Task<IReadOnlyList<Account>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"select {Columns} from account order by lower(user_name)", cancellationToken: cancellationToken));
        return rows.Select(r => r.ToAccount()).ToList();
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition("select exists (select 1 from account)", cancellationToken: cancellationToken));
    }

    public async Task<string> PasswordHashAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "select password_hash from account where id = @id", new { id }, cancellationToken: cancellationToken)) ?? "";
    }

    public async Task<long> InsertAsync(
        NpgsqlTransaction transaction, string userName, string displayName, string passwordHash, string[] roles, CancellationToken cancellationToken = default)
    {
        try
        {
            return await transaction.Connection!.ExecuteScalarAsync<long>(new CommandDefinition("""
                insert into account (user_name, display_name, password_hash, roles, security_stamp)
                values (@userName, @displayName, @passwordHash, @roles, @stamp)
                returning id
                """, new { userName, displayName, passwordHash, roles, stamp = AccountRules.NewSecurityStamp() }, transaction, cancellationToken: cancellationToken));
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new AccountValidationException($"The user name '{userName}' is taken.");
        }
    }

    public Task SetPasswordHashAsync(NpgsqlTransaction transaction, long id, string passwordHash, CancellationToken cancellationToken = default) =>
        UpdateAsync(transaction, "password_hash = @passwordHash, failed_attempts = 0, locked_until = null", new { id, passwordHash }, cancellationToken);

    public Task SetRolesAsync(NpgsqlTransaction transaction, long id, string[] roles, CancellationToken cancellationToken = default) =>
        UpdateAsync(transaction, "roles = @roles", new { id, roles }, cancellationToken);

    public Task SetDisplayNameAsync(NpgsqlTransaction transaction, long id, string displayName, CancellationToken cancellationToken = default) =>
        UpdateAsync(transaction, "display_name = @displayName", new { id, displayName }, cancellationToken, newStamp: false);

    public Task SetDisabledAsync(NpgsqlTransaction transaction, long id, bool disabled, CancellationToken cancellationToken = default) =>
        UpdateAsync(transaction, "disabled = @disabled", new { id, disabled }, cancellationToken);

    public Task UnlockAsync(NpgsqlTransaction transaction, long id, CancellationToken cancellationToken = default) =>
        UpdateAsync(transaction, "failed_attempts = 0, locked_until = null", new { id }, cancellationToken, newStamp: false);

    /// <summary>
    /// Reserves one sign-in attempt before the password is checked, in one statement so concurrent attempts queue on the
    /// row: each reservation counts as a failure until it succeeds. No row when the account is locked; an attempt
    /// that finds the limit used up by attempts still in flight locks the account itself instead of being checked.
    /// </summary>
    public async Task<AttemptReservation> ReserveAttemptAsync(long id, LockoutOptions lockout, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var failures = await connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition("""
            update account set
                failed_attempts = case when failed_attempts < @max then failed_attempts + 1 else 0 end,
                locked_until = case when failed_attempts < @max then locked_until else now() + make_interval(mins => @minutes) end
            where id = @id and (locked_until is null or locked_until <= now())
            returning failed_attempts
            """, new { id, max = lockout.MaxFailedAttempts, minutes = lockout.DurationMinutes }, cancellationToken: cancellationToken));
        return failures switch
        {
            null => AttemptReservation.Locked,
            0 => AttemptReservation.LockedNow,
            _ => AttemptReservation.Reserved,
        };
    }

    /// <summary>
    /// After a wrong password: locks the account if the reserved attempts have reached the limit and nobody locked it
    /// yet, so exactly one failure per lock locks. Returns whether this one did.
    /// </summary>
    public async Task<bool> LockIfLimitReachedAsync(NpgsqlTransaction transaction, long id, LockoutOptions lockout, CancellationToken cancellationToken = default) =>
        await transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            update account set failed_attempts = 0, locked_until = now() + make_interval(mins => @minutes)
            where id = @id and failed_attempts >= @max and (locked_until is null or locked_until <= now())
            """, new { id, max = lockout.MaxFailedAttempts, minutes = lockout.DurationMinutes }, transaction, cancellationToken: cancellationToken)) == 1;

    /// <summary>
    /// After a right password: clears the count unless a concurrent attempt locked the account meanwhile, in which
    /// case the lock stands and the sign-in is refused. Returns whether it cleared.
    /// </summary>
    public async Task<bool> RecordSuccessAsync(NpgsqlTransaction transaction, long id, CancellationToken cancellationToken = default) =>
        await transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            update account set failed_attempts = 0, locked_until = null
            where id = @id and (locked_until is null or locked_until <= now())
            """, new { id }, transaction, cancellationToken: cancellationToken)) == 1;

    /// <summary>Enabled admins other than <paramref name="exceptId"/>: an admin action must never leave none.</summary>
    public async Task<int> CountOtherEnabledAdminsAsync(NpgsqlTransaction transaction, long exceptId, CancellationToken cancellationToken = default) =>
        await transaction.Connection!.ExecuteScalarAsync<int>(new CommandDefinition(
            "select count(*) from account where id <> @exceptId and not disabled and 'admin' = any(roles)",
            new { exceptId }, transaction, cancellationToken: cancellationToken));

    private static async Task UpdateAsync(
        NpgsqlTransaction transaction, string assignments, object parameters, CancellationToken cancellationToken, bool newStamp = true)
    {
        var stamp = newStamp ? ", security_stamp = @stamp" : "";
        var arguments = new DynamicParameters(parameters);
        arguments.Add("stamp", AccountRules.NewSecurityStamp());
        var changed = await transaction.Connection!.ExecuteAsync(new CommandDefinition(
            $"update account set {assignments}{stamp} where id = @id", arguments, transaction, cancellationToken: cancellationToken));
        if (changed == 0)
            throw new AccountValidationException("That account does not exist.");
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public string UserName { get; init; } = "";
        public string DisplayName { get; init; } = "";
        public string[] Roles { get; init; } = [];
        public bool Disabled { get; init; }
        public int FailedAttempts { get; init; }
        public DateTime? LockedUntil { get; init; }
        public string SecurityStamp { get; init; } = "";
        public DateTime CreatedAt { get; init; }

        public Account ToAccount() => new(
            Id, UserName, DisplayName, Roles, Disabled, FailedAttempts,
            LockedUntil is { } until ? new DateTimeOffset(DateTime.SpecifyKind(until, DateTimeKind.Utc)) : null,
            SecurityStamp, new DateTimeOffset(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc)));
    }
}
