using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Storage.Store;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Files;
using Workbench.Core.Mapping;
using Workbench.Core.Schema;
using Workbench.Core.Sources;
using Workbench.Core.Text;
using Workbench.Application.Accounts;
using Workbench.Application.Approvals;
using Workbench.Application.Audit;
using Workbench.Application.Lineage;
using Workbench.Application.Mapping;
using Workbench.Storage.Secrets;
using Workbench.Application.Sources;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Storage;

/// <summary>
/// Text typed into a page goes to the services directly, not through the API's NUL guard. PostgreSQL cannot hold
/// U+0000, so each service refuses it first with a sentence naming the field, never the database's error 22021.
/// </summary>
public sealed class NulCharacterTextTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    private sealed class Person(string name, params string[] roles) : ICurrentUser
    {
        public string Actor => name;
        public string? ClientAddress => "192.0.2.4";
        public bool IsSignedIn => true;
        public bool IsInRole(string role) => roles.Contains(role);
    }

    private static readonly MasterKey TestMasterKey = MasterKey.FromBase64(Convert.ToBase64String(new byte[MasterKey.Length]), "the test");

    private SourceService Sources()
    {
        var services = new ServiceCollection();
        services.AddSingleton(database.DataSource);
        services.AddStoreDataProtection(TestMasterKey);
        var protector = new SecretProtector(services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>());
        var registry = new ConnectorRegistry([new FileConnector(new FileSourceRoots([Path.GetTempPath()]))]);
        var audit = new AuditLog(database.DataSource, new SystemActor("nul-tester"));
        return new SourceService(database.DataSource, new SourceStore(database.DataSource, protector), registry, audit, new LineageWriter(database.DataSource));
    }

    private ViewStore Views(string author) => new(database.DataSource, new SystemActor(author), new AuditLog(database.DataSource, new SystemActor(author)));

    private static SourceDraft FileDraft(string name, string folder) =>
        new(name, SourceKind.File, new Dictionary<string, string?> { [FileSettings.Path] = folder }, new Dictionary<string, string?>());

    [Fact]
    public async Task A_source_name_or_setting_with_a_NUL_is_refused_naming_it_and_nothing_is_saved()
    {
        var service = Sources();

        var byName = await Assert.ThrowsAsync<SourceException>(() => service.CreateAsync(FileDraft("crm\0files", Path.GetTempPath())));
        Assert.Equal(UserText.Refusal("The source name"), byName.Message);
        var bySetting = await Assert.ThrowsAsync<SourceException>(() => service.CreateAsync(FileDraft("nul setting", "/tmp\0/x")));
        Assert.Equal(UserText.Refusal($"The setting '{FileSettings.Path}'"), bySetting.Message);
        var check = await service.TestDraftAsync(FileDraft("nul test", "/tmp\0/x"));
        Assert.False(check.Ok);
        Assert.Equal(UserText.Refusal($"The setting '{FileSettings.Path}'"), check.Message);

        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from source where name like 'crm%files' or name = 'nul setting'"));
    }

    [Fact]
    public async Task A_view_name_or_target_field_name_with_a_NUL_is_refused_naming_it()
    {
        var views = Views("nul-steward");
        var spec = ViewSpec.Empty("Nul " + Guid.NewGuid().ToString("N")[..8]) with { Target = [new TargetField("policy_id", FieldType.Text)] };

        var byName = Assert.IsType<SaveOutcome.Invalid>(await views.CreateAsync(spec with { Name = "Policies\0" }));
        Assert.Equal(UserText.Refusal("The view name"), byName.Message);
        var byField = Assert.IsType<SaveOutcome.Invalid>(await views.CreateAsync(spec with { Target = [new TargetField("policy\0id", FieldType.Text)] }));
        Assert.Equal(UserText.Refusal("A target field name"), byField.Message);

        var saved = Assert.IsType<SaveOutcome.Saved>(await views.CreateAsync(spec));
        var renamed = Assert.IsType<SaveOutcome.Invalid>(await views.SaveAsync(saved.ViewId, 1, spec with { Name = "\0" }));
        Assert.Equal(UserText.Refusal("The view name"), renamed.Message);
        Assert.Equal(spec.Name, (await views.GetAsync(saved.ViewId))!.Spec.Name);
    }

    [Fact]
    public async Task An_approval_comment_with_a_NUL_is_refused_and_the_version_stays_a_draft()
    {
        var spec = ViewSpec.Empty("Nul approval " + Guid.NewGuid().ToString("N")[..8]) with { Target = [new TargetField("policy_id", FieldType.Text)] };
        var viewId = Assert.IsType<SaveOutcome.Saved>(await Views("nul-author").CreateAsync(spec)).ViewId;
        var author = new Person("nul-author", Roles.Steward);
        var approvals = new ApprovalService(database.DataSource, author, new AuditLog(database.DataSource, author), new ApprovalSignal());

        var outcome = await approvals.SubmitAsync(viewId, 1, "ready\0");

        Assert.Equal(ApprovalResult.Invalid, outcome.Result);
        Assert.Equal(UserText.Refusal("The comment"), outcome.Message);
        Assert.Equal(VersionStatus.Draft, (await Views("x").GetAsync(viewId, 1))!.Status);
    }

    [Fact]
    public async Task A_display_name_or_token_name_with_a_NUL_is_refused_naming_it()
    {
        var admin = new Person("nul-admin", Roles.Admin);
        var accounts = new AccountAdministration(database.DataSource, new AccountStore(database.DataSource), new AuditLog(database.DataSource, admin), admin);

        var onCreate = await Assert.ThrowsAsync<AccountValidationException>(() => accounts.CreateAsync("nul-user", "Ann\0", "long enough password", [Roles.Steward]));
        Assert.Equal(UserText.Refusal("The display name"), onCreate.Message);
        Assert.Null(await new AccountStore(database.DataSource).FindAsync("nul-user"));

        var id = await accounts.CreateAsync("nul-user-2", "Bob", "long enough password", [Roles.Steward]);
        var onRename = await Assert.ThrowsAsync<AccountValidationException>(() => accounts.SetDisplayNameAsync(id, "B\0b"));
        Assert.Equal(UserText.Refusal("The display name"), onRename.Message);
        var onToken = await Assert.ThrowsAsync<AccountValidationException>(() => accounts.CreateApiTokenAsync(id, "ci\0"));
        Assert.Equal(UserText.Refusal("The token name"), onToken.Message);
    }

    [Fact]
    public async Task An_audit_filter_or_lineage_search_with_a_NUL_is_refused_naming_it()
    {
        var byActor = await Assert.ThrowsAsync<UnstorableTextException>(() => new AuditQuery(new DataSourceContextFactory(database.DataSource)).PageAsync(new AuditFilter(Actor: "adm\0"), 0, 25));
        Assert.Equal(UserText.Refusal("The user filter"), byActor.Message);
        var byEntity = await Assert.ThrowsAsync<UnstorableTextException>(() => new AuditQuery(new DataSourceContextFactory(database.DataSource)).PageAsync(new AuditFilter(Entity: "\0"), 0, 25));
        Assert.Equal(UserText.Refusal("The entity filter"), byEntity.Message);

        var search = await Assert.ThrowsAsync<UnstorableTextException>(() => new LineageQueries(database.DataSource).SearchAsync("policy\0"));
        Assert.Equal(UserText.Refusal("The search"), search.Message);
    }
}
