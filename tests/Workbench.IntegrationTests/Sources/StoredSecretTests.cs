using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Postgres;
using Workbench.Core.Sources;
using Workbench.Application.Audit;
using Workbench.Application.Lineage;
using Workbench.Storage.Secrets;
using Workbench.Application.Sources;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Sources;

/// <summary>A stored password goes only to the server and user it was typed for; every Test connection is audited.</summary>
public sealed class StoredSecretTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    private const string Actor = "secret-tester";
    private readonly NpgsqlConnectionStringBuilder _target = new(database.ConnectionString);

    private SourceService Build()
    {
        var services = new ServiceCollection();
        services.AddStoreDataProtection(MasterKey.FromBase64(Convert.ToBase64String(new byte[MasterKey.Length]), "the test"));
        services.AddSingleton(database.DataSource);
        var protector = new SecretProtector(services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>());
        return new SourceService(database.DataSource, new SourceStore(database.DataSource, protector), new ConnectorRegistry([new PostgresConnector()]),
            new AuditLog(database.DataSource, new SystemActor(Actor)), new LineageWriter(database.DataSource));
    }

    private Dictionary<string, string?> Settings(int? port = null) => new()
    {
        [PostgresSettings.Host] = _target.Host, [PostgresSettings.Port] = (port ?? _target.Port).ToString(CultureInfo.InvariantCulture), [PostgresSettings.Database] = _target.Database,
        [PostgresSettings.User] = _target.Username, [PostgresSettings.SslMode] = "Disable", [CommonSettings.TimeoutSeconds] = "5",
    };

    private async Task<(SourceService Service, Guid Id)> StoredSourceAsync(string name)
    {
        var service = Build();
        var id = await service.CreateAsync(new SourceDraft(name, SourceKind.PostgreSql, Settings(),
            new Dictionary<string, string?> { [PostgresSettings.Password] = _target.Password }));
        return (service, id);
    }

    private async Task<IReadOnlyList<(string Outcome, string Details)>> TestAuditAsync(Guid id)
    {
        await using var db = await database.DataSource.OpenConnectionAsync();
        return (await db.QueryAsync<(string, string)>(
            "select outcome, details::text from audit_event where action = 'source.test' and entity_id = @id and actor = @Actor order by id",
            new { id = id.ToString(), Actor })).ToList();
    }

    [Fact]
    public async Task After_the_port_changes_test_connection_does_not_send_the_stored_password_to_the_new_server()
    {
        var (service, id) = await StoredSourceAsync("moved db");
        await using var fake = new PasswordCatchingServer();

        var check = await service.TestDraftAsync(new SourceDraft("moved db", SourceKind.PostgreSql, Settings(fake.Port), new Dictionary<string, string?>()), id);

        Assert.DoesNotContain(_target.Password!, await fake.ReceivedAsync());
        Assert.False(check.Ok);
        Assert.Contains("type the password again", check.Message);
        var audit = Assert.Single(await TestAuditAsync(id));
        Assert.Equal(AuditOutcome.Denied, audit.Outcome);
        Assert.Contains($"127.0.0.1:{fake.Port}", audit.Details);
        Assert.DoesNotContain(_target.Password!, audit.Details);
    }

    [Fact]
    public async Task After_the_port_changes_save_refuses_to_keep_the_stored_password_until_it_is_typed_again()
    {
        var (service, id) = await StoredSourceAsync("saved elsewhere");
        await using var fake = new PasswordCatchingServer();

        var refused = await Assert.ThrowsAsync<SecretMustBeRetypedException>(() =>
            service.UpdateAsync(id, new SourceDraft("saved elsewhere", SourceKind.PostgreSql, Settings(fake.Port), new Dictionary<string, string?>())));
        Assert.Contains("type the password again", refused.Message);
        Assert.Equal(0, fake.Connections);
        Assert.Equal(_target.Port.ToString(CultureInfo.InvariantCulture), (await service.FindAsync(id))!.Settings[PostgresSettings.Port]);

        // Typed again, the password is the user's choice to send there.
        await service.UpdateAsync(id, new SourceDraft("saved elsewhere", SourceKind.PostgreSql, Settings(fake.Port),
            new Dictionary<string, string?> { [PostgresSettings.Password] = "typed-for-the-new-server" }));
        Assert.Contains("typed-for-the-new-server", await fake.ReceivedAsync());
    }

    [Fact]
    public async Task Unchanged_settings_keep_the_stored_password_and_every_test_is_audited_with_its_outcome()
    {
        var (service, id) = await StoredSourceAsync("kept db");

        var draft = await service.TestDraftAsync(new SourceDraft("kept db", SourceKind.PostgreSql, Settings(), new Dictionary<string, string?>()), id);
        var saved = await service.TestAsync(id);

        Assert.True(draft.Ok, draft.Message);
        Assert.True(saved.Ok, saved.Message);
        var audit = await TestAuditAsync(id);
        Assert.Equal([AuditOutcome.Ok, AuditOutcome.Ok], audit.Select(a => a.Outcome));
        Assert.All(audit, a => Assert.Contains($":{_target.Port}/{_target.Database}", a.Details));
        Assert.All(audit, a => Assert.DoesNotContain(_target.Password!, a.Details));
    }
}
