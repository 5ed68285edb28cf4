using System.Globalization;
using Workbench.Core.Lineage;
using Workbench.Application.Lineage;
using Workbench.Storage.Secrets;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Files;
using Workbench.Connectors.Postgres;
using Workbench.Core.Sources;
using Workbench.Application.Audit;
using Workbench.Application.Sources;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Sources;

public sealed class SourceServiceTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("workbench-catalog-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly MasterKey TestMasterKey = MasterKey.FromBase64(Convert.ToBase64String(new byte[MasterKey.Length]), "the test");

    /// <summary>Everything as the web app wires it, with a fresh Data Protection provider reading keys from the store.</summary>
    private (SourceService Service, DatasetCatalog Catalog, SourceStore Store) Build(MasterKey? masterKey = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(database.DataSource);
        services.AddStoreDataProtection(masterKey ?? TestMasterKey);
        var protector = new SecretProtector(services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>());
        var store = new SourceStore(database.DataSource, protector);
        var registry = new ConnectorRegistry([new PostgresConnector(), new FileConnector(new FileSourceRoots([_folder]))]);
        var audit = new AuditLog(database.DataSource, new SystemActor("tester"));
        return (new SourceService(database.DataSource, store, registry, audit, new LineageWriter(database.DataSource)), new DatasetCatalog(store, registry, audit), store);
    }

    [Fact]
    public async Task A_password_is_stored_encrypted_with_keys_in_the_store_and_never_listed()
    {
        var target = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using (var db = await database.DataSource.OpenConnectionAsync())
            await db.ExecuteAsync("create schema if not exists crm; create table if not exists crm.agents (code text, name text); insert into crm.agents values ('A1', 'Ann'), ('A2', null)");
        var (service, catalog, _) = Build();

        var id = await service.CreateAsync(new SourceDraft("crm db", SourceKind.PostgreSql,
            new Dictionary<string, string?>
            {
                [PostgresSettings.Host] = target.Host, [PostgresSettings.Port] = target.Port.ToString(CultureInfo.InvariantCulture), [PostgresSettings.Database] = target.Database,
                [PostgresSettings.User] = target.Username, [PostgresSettings.SslMode] = "Disable", [PostgresSettings.Schemas] = "crm",
            },
            new Dictionary<string, string?> { [PostgresSettings.Password] = target.Password }));

        await using var check = await database.DataSource.OpenConnectionAsync();
        var stored = await check.QuerySingleAsync<string>("select secrets from source where id = @id", new { id });
        Assert.DoesNotContain(target.Password!, stored);
        Assert.DoesNotContain(target.Password!, await check.QuerySingleAsync<string>("select settings::text from source where id = @id", new { id }));
        Assert.True(await check.ExecuteScalarAsync<long>("select count(*) from data_protection_key") >= 1);
        // The key ring itself is encrypted with the master key, which is not in the store.
        var keyRing = string.Concat(await check.QueryAsync<string>("select xml from data_protection_key"));
        Assert.Contains("workbenchEncryptedKey", keyRing);
        Assert.DoesNotContain("<masterKey", keyRing);
        var (stranger, _, _) = Build(MasterKey.FromBase64(Convert.ToBase64String(Enumerable.Repeat((byte)7, MasterKey.Length).ToArray()), "another key"));
        await Assert.ThrowsAnyAsync<Exception>(() => stranger.TestAsync(id));

        // A new instance (new key ring loaded from the store) can still use the source.
        var (again, againCatalog, store) = Build();
        var summary = (await again.ListAsync()).Single(s => s.Id == id);
        Assert.Equal("ok", summary.Status);
        Assert.Equal([PostgresSettings.Password], summary.SecretNames);
        Assert.DoesNotContain(summary.Settings.Values, v => v == target.Password);

        var dataset = Assert.Single(await againCatalog.ListDatasetsAsync(), d => d.SourceId == id);
        Assert.Equal("crm db.crm.agents", dataset.QualifiedName);
        var lineage = await new LineageQueries(database.DataSource).SearchAsync("crm db.crm.agents");
        Assert.Contains(lineage, n => n.Kind == LineageNodeKind.Dataset);
        Assert.Contains(lineage, n => n.Kind == LineageNodeKind.Field && n.DisplayName == "code");
        var rows = await againCatalog.SampleRowsAsync(dataset.Id, 10);
        Assert.Equal(["A1", "A2"], rows.Select(r => (string)r["code"]!).Order());

        var profile = await again.ProfileAsync(dataset.Id, sampleRows: null);
        Assert.Equal(2, profile.Rows);
        Assert.Equal(0.5, profile.Fields.Single(f => f.Name == "name").NullRate);
        Assert.NotNull((await store.DatasetAsync(dataset.Id))!.Profile);

        var actions = (await check.QueryAsync<string>("select action from audit_event where entity_id in (@source, @dataset)",
            new { source = id.ToString(), dataset = dataset.Id.ToString() })).ToList();
        Assert.Contains("source.create", actions);
        Assert.Contains("dataset.read", actions);
        Assert.Contains("dataset.profile", actions);
    }

    [Fact]
    public async Task Editing_without_a_secret_keeps_the_stored_one_and_deleting_removes_the_datasets()
    {
        var target = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using (var db = await database.DataSource.OpenConnectionAsync())
            await db.ExecuteAsync("create schema if not exists keep; create table if not exists keep.agents (code text, name text)");
        var (service, catalog, _) = Build();
        var draft = new SourceDraft("agents db", SourceKind.PostgreSql,
            new Dictionary<string, string?>
            {
                [PostgresSettings.Host] = target.Host, [PostgresSettings.Port] = target.Port.ToString(CultureInfo.InvariantCulture), [PostgresSettings.Database] = target.Database,
                [PostgresSettings.User] = target.Username, [PostgresSettings.SslMode] = "Disable", [PostgresSettings.Schemas] = "keep",
            },
            new Dictionary<string, string?> { [PostgresSettings.Password] = target.Password });
        var id = await service.CreateAsync(draft);
        Assert.Contains(await catalog.ListDatasetsAsync(), d => d.SourceId == id && d.Name == "keep.agents");

        await service.UpdateAsync(id, draft with { Name = "agents export", Secrets = new Dictionary<string, string?>() });
        var updated = await service.FindAsync(id);
        Assert.Equal("agents export", updated!.Name);
        Assert.Equal([PostgresSettings.Password], updated.SecretNames);
        // The kept password still signs in: the edit's discovery found the table again.
        Assert.Equal("ok", updated.Status);

        var duplicate = await Assert.ThrowsAsync<SourceException>(() => service.CreateAsync(draft with { Name = "Agents Export" }));
        Assert.Contains("already exists", duplicate.Message);

        await service.DeleteAsync(id);
        Assert.Null(await service.FindAsync(id));
        Assert.DoesNotContain(await catalog.ListDatasetsAsync(), d => d.SourceId == id);
    }

    [Fact]
    public async Task An_unreachable_source_is_saved_and_marked_failed_with_the_reason()
    {
        var (service, _, _) = Build();
        var id = await service.CreateAsync(new SourceDraft("gone", SourceKind.PostgreSql,
            new Dictionary<string, string?>
            {
                [PostgresSettings.Host] = "127.0.0.1", [PostgresSettings.Port] = FreePort.Next().ToString(CultureInfo.InvariantCulture), [PostgresSettings.Database] = "x",
                [PostgresSettings.User] = "x", [CommonSettings.TimeoutSeconds] = "2",
            },
            new Dictionary<string, string?>()));
        var source = await service.FindAsync(id);
        Assert.Equal("failed", source!.Status);
        Assert.Contains("Cannot reach", source.StatusMessage);
    }
}
