using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Workbench.Core.Text;
using Workbench.Application.Audit;
using Workbench.Storage.Store;

namespace Workbench.Application.Accounts;

/// <summary>
/// Every change to accounts. Each method checks that the current user is an admin (the page hiding a
/// button is not a check), and records the change in the audit trail inside the same transaction.
/// </summary>
public sealed class AccountAdministration(
    NpgsqlDataSource dataSource, AccountStore accounts, AuditLog audit, ICurrentUser user, IDbContextFactory<WorkbenchDbContext>? contexts = null)
{
    private readonly IDbContextFactory<WorkbenchDbContext> contexts = contexts ?? new DataSourceContextFactory(dataSource);

    public async Task<long> CreateAsync(string userName, string? displayName, string password, IEnumerable<string> roles, CancellationToken cancellationToken = default)
    {
        await DemandAdminAsync("account.create", null, cancellationToken);
        var name = AccountRules.UserName(userName);
        var display = AccountRules.DisplayName(displayName, name);
        var roleSet = AccountRules.RoleSet(roles);
        var hash = SignInService.HashPassword(AccountRules.Password(password));
        return await InTransactionAsync(async db =>
        {
            var id = await accounts.InsertAsync(db, name, display, hash, roleSet, cancellationToken);
            await audit.RecordAsync(db, new AuditEntry("account.create", "account", id.ToString(CultureInfo.InvariantCulture),
                Details: new { userName = name, displayName = display, roles = roleSet }), cancellationToken);
            return id;
        }, cancellationToken);
    }

    public async Task ResetPasswordAsync(long id, string password, CancellationToken cancellationToken = default)
    {
        await DemandAdminAsync("account.reset-password", id, cancellationToken);
        var hash = SignInService.HashPassword(AccountRules.Password(password));
        await InTransactionAsync(async db =>
        {
            await accounts.SetPasswordHashAsync(db, id, hash, cancellationToken);
            await audit.RecordAsync(db, new AuditEntry("account.reset-password", "account", id.ToString(CultureInfo.InvariantCulture)), cancellationToken);
            return 0;
        }, cancellationToken);
    }

    public async Task SetRolesAsync(long id, IEnumerable<string> roles, CancellationToken cancellationToken = default)
    {
        await DemandAdminAsync("account.set-roles", id, cancellationToken);
        var roleSet = AccountRules.RoleSet(roles);
        await InTransactionAsync(async db =>
        {
            if (!roleSet.Contains(Roles.Admin))
                await KeepOneAdminAsync(db, id, cancellationToken);
            await accounts.SetRolesAsync(db, id, roleSet, cancellationToken);
            await audit.RecordAsync(db, new AuditEntry("account.set-roles", "account", id.ToString(CultureInfo.InvariantCulture), Details: new { roles = roleSet }), cancellationToken);
            return 0;
        }, cancellationToken);
    }

    public async Task SetDisplayNameAsync(long id, string displayName, CancellationToken cancellationToken = default)
    {
        await DemandAdminAsync("account.rename", id, cancellationToken);
        var display = AccountRules.DisplayName(displayName, "");
        if (display.Length == 0)
            throw new AccountValidationException("A display name cannot be empty.");
        await InTransactionAsync(async db =>
        {
            await accounts.SetDisplayNameAsync(db, id, display, cancellationToken);
            await audit.RecordAsync(db, new AuditEntry("account.rename", "account", id.ToString(CultureInfo.InvariantCulture), Details: new { displayName = display }), cancellationToken);
            return 0;
        }, cancellationToken);
    }

    /// <summary>A disabled account cannot sign in, its sessions end at their next request, and its API tokens are revoked.</summary>
    public async Task SetDisabledAsync(long id, bool disabled, CancellationToken cancellationToken = default)
    {
        var action = disabled ? "account.disable" : "account.enable";
        await DemandAdminAsync(action, id, cancellationToken);
        await InTransactionAsync(async db =>
        {
            var revoked = 0;
            if (disabled)
            {
                await KeepOneAdminAsync(db, id, cancellationToken);
                revoked = await ApiTokens.RevokeAllAsync(db, id, cancellationToken);
            }
            await accounts.SetDisabledAsync(db, id, disabled, cancellationToken);
            await audit.RecordAsync(db, new AuditEntry(action, "account", id.ToString(CultureInfo.InvariantCulture), Details: disabled ? new { revokedTokens = revoked } : null), cancellationToken);
            return 0;
        }, cancellationToken);
    }

    public async Task UnlockAsync(long id, CancellationToken cancellationToken = default)
    {
        await DemandAdminAsync("account.unlock", id, cancellationToken);
        await InTransactionAsync(async db =>
        {
            await accounts.UnlockAsync(db, id, cancellationToken);
            await audit.RecordAsync(db, new AuditEntry("account.unlock", "account", id.ToString(CultureInfo.InvariantCulture)), cancellationToken);
            return 0;
        }, cancellationToken);
    }

    /// <summary>A new API token for the account; the returned token is shown once and stored only as a hash.</summary>
    public async Task<string> CreateApiTokenAsync(long id, string name, CancellationToken cancellationToken = default)
    {
        await DemandAdminAsync("api-token.create", id, cancellationToken);
        if (UserText.Problem(name, "The token name") is { } problem)
            throw new AccountValidationException(problem);
        var label = string.IsNullOrWhiteSpace(name) ? "API token" : name.Trim();
        if (label.Length > 100)
            throw new AccountValidationException("A token name is at most 100 characters.");
        return await InTransactionAsync(async db =>
        {
            var (tokenId, token) = await ApiTokens.CreateAsync(db, id, label, cancellationToken);
            await audit.RecordAsync(db, new AuditEntry("api-token.create", "account", id.ToString(CultureInfo.InvariantCulture), Details: new { tokenId, name = label }), cancellationToken);
            return token;
        }, cancellationToken);
    }

    public async Task RevokeApiTokensAsync(long id, CancellationToken cancellationToken = default)
    {
        await DemandAdminAsync("api-token.revoke", id, cancellationToken);
        await InTransactionAsync(async db =>
        {
            var revoked = await ApiTokens.RevokeAllAsync(db, id, cancellationToken);
            await audit.RecordAsync(db, new AuditEntry("api-token.revoke", "account", id.ToString(CultureInfo.InvariantCulture), Details: new { revoked }), cancellationToken);
            return 0;
        }, cancellationToken);
    }

    private async Task DemandAdminAsync(string action, long? id, CancellationToken cancellationToken)
    {
        if (user.IsSignedIn && user.IsInRole(Roles.Admin))
            return;
        await audit.RecordAsync(new AuditEntry(action, "account", id?.ToString(CultureInfo.InvariantCulture), Outcome: AuditOutcome.Denied, Details: new { reason = "admin role required" }), cancellationToken);
        throw new AccountPermissionException("Only an admin may change accounts.");
    }

    private async Task KeepOneAdminAsync(WorkbenchDbContext db, long id, CancellationToken cancellationToken)
    {
        var target = await accounts.FindAsync(id, cancellationToken);
        if (target is { Disabled: false } && target.Roles.Contains(Roles.Admin)
            && await accounts.CountOtherEnabledAdminsAsync(db, id, cancellationToken) == 0)
            throw new AccountValidationException("This is the last enabled admin; make someone else an admin first.");
    }

    private async Task<T> InTransactionAsync<T>(Func<WorkbenchDbContext, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // A failed statement abandons the whole change, so SaveChanges needs no savepoint round trips around its own.
        db.Database.AutoSavepointsEnabled = false;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await work(db);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }
}
