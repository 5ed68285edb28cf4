using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Mongo;
using Workbench.Core.Sources;
using Workbench.Application.Audit;
using Workbench.Application.Lineage;
using Workbench.Storage.Secrets;
using Workbench.Application.Sources;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Sources;

/// <summary>A MongoDB source's stored password goes only to the server, user and database it was typed for.</summary>
public sealed class MongoStoredSecretTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    private const string Actor = "mongo-secret-tester";
    private const string Password = "s3cret-for-the-crm";

    private SourceService Build()
    {
        var services = new ServiceCollection();
        services.AddStoreDataProtection(MasterKey.FromBase64(Convert.ToBase64String(new byte[MasterKey.Length]), "the test"));
        services.AddSingleton(database.DataSource);
        var protector = new SecretProtector(services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>());
        return new SourceService(database.DataSource, new SourceStore(database.DataSource, protector), new ConnectorRegistry([new MongoConnector()]),
            new AuditLog(database.DataSource, new SystemActor(Actor)), new LineageWriter(database.DataSource));
    }

    private static async Task<Dictionary<string, string?>> SettingsAsync(int? port = null, string database = "crm") => new()
    {
        [MongoSettings.Host] = TestMongo.Host, [MongoSettings.Port] = (port ?? await TestMongo.PortAsync()).ToString(CultureInfo.InvariantCulture),
        [MongoSettings.User] = "reader", [MongoSettings.Database] = database, [CommonSettings.TimeoutSeconds] = "2",
    };

    private async Task<(SourceService Service, Guid Id)> StoredSourceAsync(string name)
    {
        var service = Build();
        var id = await service.CreateAsync(new SourceDraft(name, SourceKind.MongoDb, await SettingsAsync(),
            new Dictionary<string, string?> { [MongoSettings.Password] = Password }));
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
    public async Task After_the_port_changes_test_connection_asks_for_the_password_and_connects_nowhere()
    {
        var (service, id) = await StoredSourceAsync("moved crm");
        await using var elsewhere = new PasswordCatchingServer();

        var check = await service.TestDraftAsync(new SourceDraft("moved crm", SourceKind.MongoDb, await SettingsAsync(elsewhere.Port), new Dictionary<string, string?>()), id);

        Assert.False(check.Ok);
        Assert.Contains("type the password (or connection string) again", check.Message);
        Assert.Equal(0, elsewhere.Connections);
        var audit = Assert.Single(await TestAuditAsync(id));
        Assert.Equal(AuditOutcome.Denied, audit.Outcome);
        Assert.Contains($"127.0.0.1:{elsewhere.Port}/crm", audit.Details);
        Assert.DoesNotContain(Password, audit.Details);
    }

    [Fact]
    public async Task After_the_database_changes_save_refuses_to_keep_the_stored_password()
    {
        var (service, id) = await StoredSourceAsync("renamed crm");

        var refused = await Assert.ThrowsAsync<SecretMustBeRetypedException>(async () =>
            await service.UpdateAsync(id, new SourceDraft("renamed crm", SourceKind.MongoDb, await SettingsAsync(database: "billing"), new Dictionary<string, string?>())));

        Assert.Contains("type the password (or connection string) again", refused.Message);
        Assert.Equal("crm", (await service.FindAsync(id))!.Settings[MongoSettings.Database]);
    }

    [Fact]
    public async Task Unchanged_settings_send_the_stored_password_to_the_same_server()
    {
        var (service, id) = await StoredSourceAsync("kept crm");

        var check = await service.TestDraftAsync(new SourceDraft("kept crm", SourceKind.MongoDb, await SettingsAsync(), new Dictionary<string, string?>()), id);

        // The emulator has no users, so the sign-in itself fails; what matters is that it was attempted, not refused here.
        Assert.DoesNotContain("again", check.Message);
        Assert.Equal(AuditOutcome.Failed, Assert.Single(await TestAuditAsync(id)).Outcome);
    }
}
