using System.Globalization;
using Workbench.Application.Accounts;
using Workbench.Application.Audit;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Account;

/// <summary>The service behind the Users page checks roles itself and audits every change in the change's transaction.</summary>
public sealed class AccountAdministrationTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    private sealed class User(string name, params string[] roles) : ICurrentUser
    {
        public string Actor => name;
        public string? ClientAddress => "10.0.0.9";
        public bool IsSignedIn => true;
        public bool IsInRole(string role) => roles.Contains(role);
    }

    private AccountAdministration As(ICurrentUser user) =>
        new(db.DataSource, new AccountStore(db.DataSource), new AuditLog(db.DataSource, user), user);

    [Fact]
    public async Task A_steward_is_refused_every_admin_action_and_each_refusal_is_audited()
    {
        var steward = As(new User("stew-1", Roles.Steward));

        await Assert.ThrowsAsync<AccountPermissionException>(() => steward.CreateAsync("eve", null, "long enough password", [Roles.Admin]));
        await Assert.ThrowsAsync<AccountPermissionException>(() => steward.SetRolesAsync(1, [Roles.Admin]));
        await Assert.ThrowsAsync<AccountPermissionException>(() => steward.CreateApiTokenAsync(1, "mine"));

        Assert.Null(await new AccountStore(db.DataSource).FindAsync("eve"));
        Assert.Equal(
            [("account.create", "denied", null), ("account.set-roles", "denied", "1"), ("api-token.create", "denied", "1")],
            (await AuditRows.OfActorAsync(db.ConnectionString, "stew-1")).Select(r => (r.Action, r.Outcome, r.EntityId)));
    }

    [Fact]
    public async Task Admin_actions_each_leave_exactly_one_audit_row()
    {
        var admin = As(new User("boss-1", Roles.Admin));

        var id = await admin.CreateAsync("dora", "Dora", "first password 1", [Roles.Steward]);
        await admin.SetRolesAsync(id, [Roles.Steward, Roles.Approver]);
        await admin.ResetPasswordAsync(id, "second password 2");
        await admin.SetDisabledAsync(id, true);
        await admin.SetDisabledAsync(id, false);

        var account = await new AccountStore(db.DataSource).FindAsync(id);
        Assert.Equal([Roles.Approver, Roles.Steward], account!.Roles);
        var key = id.ToString(CultureInfo.InvariantCulture);
        var rows = await AuditRows.OfActorAsync(db.ConnectionString, "boss-1");
        Assert.Equal(
            [("account.create", key), ("account.set-roles", key), ("account.reset-password", key), ("account.disable", key), ("account.enable", key)],
            rows.Select(r => (r.Action, r.EntityId)));
        Assert.All(rows, r => Assert.Equal(("ok", "10.0.0.9"), (r.Outcome, r.ClientAddress)));
    }

    [Fact]
    public async Task The_last_enabled_admin_cannot_be_disabled_or_demoted()
    {
        await using var dataSource = Npgsql.NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync("lastadmin"));
        await new Workbench.Migrations.StoreMigrator(dataSource).MigrateAsync();
        var root = new User("root-1", Roles.Admin);
        var admin = new AccountAdministration(dataSource, new AccountStore(dataSource), new AuditLog(dataSource, root), root);
        var only = await admin.CreateAsync("only-admin", null, "a long password", [Roles.Admin]);

        await Assert.ThrowsAsync<AccountValidationException>(() => admin.SetDisabledAsync(only, true));
        await Assert.ThrowsAsync<AccountValidationException>(() => admin.SetRolesAsync(only, [Roles.Steward]));

        Assert.Equal([Roles.Admin], (await new AccountStore(dataSource).FindAsync(only))!.Roles);
    }

    [Theory]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("")]
    [InlineData("has space")]
    public async Task A_user_name_outside_the_allowed_characters_is_refused(string userName)
    {
        var admin = As(new User("boss-2", Roles.Admin));

        await Assert.ThrowsAsync<AccountValidationException>(() => admin.CreateAsync(userName, null, "a long password", [Roles.Steward]));
    }

    [Fact]
    public async Task Short_passwords_and_unknown_roles_are_refused()
    {
        var admin = As(new User("boss-3", Roles.Admin));

        await Assert.ThrowsAsync<AccountValidationException>(() => admin.CreateAsync("shorty", null, "short", [Roles.Steward]));
        await Assert.ThrowsAsync<AccountValidationException>(() => admin.CreateAsync("kingly", null, "a long password", ["king"]));
    }
}
