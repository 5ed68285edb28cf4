using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workbench.Connectors.Contract;
using Workbench.Storage.Secrets;
using Workbench.Application.Sources;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Sources;

/// <summary>
/// The real workbench with its demo, started with a master key the test knows, so a test can read the demo
/// sources' secrets as the workbench does (the reader role's password, the FAST API's key).
/// </summary>
public sealed class DemoSourcesApp : IAsyncLifetime
{
    private static readonly string MasterKeyText = Convert.ToBase64String(Enumerable.Range(1, MasterKey.Length).Select(i => (byte)i).ToArray());

    public WorkbenchProcess App { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync("demosources");
        App = await StartAsync();
    }

    /// <summary>Stops the workbench, runs <paramref name="whileStopped"/> on its store, and starts it again.</summary>
    public async Task RestartAsync(Func<Task> whileStopped)
    {
        await App.DisposeAsync();
        await whileStopped();
        App = await StartAsync();
    }

    private Task<WorkbenchProcess> StartAsync() =>
        WorkbenchProcess.StartAsync(ConnectionString, new Dictionary<string, string> { [MasterKey.EnvironmentVariable] = MasterKeyText });

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>The demo is created once the server listens; its three sources are ready when they are checked and discovered.</summary>
    public async Task WaitForDemoAsync()
    {
        await using var db = new NpgsqlConnection(ConnectionString);
        try
        {
            await WaitUntilAsync(async () => await db.ExecuteScalarAsync<long>(
                "select count(distinct s.id) from source s join source_dataset d on d.source_id = s.id where s.is_demo and s.status = 'ok'") == 3,
                "The demo sources were not ready");
        }
        catch (TimeoutException ex)
        {
            var statuses = await db.QueryAsync<string>("select name || ': ' || status || ' ' || coalesce(status_message, '') from source where is_demo");
            throw new TimeoutException(string.Join("\n", statuses) + "\n" + ex.Message);
        }
    }

    public async Task WaitUntilAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{failure} within 60 s:\n{App.Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>A demo source's settings and decrypted secrets, read from the store as the workbench reads them.</summary>
    public async Task<SourceConnection> DemoConnectionAsync(string name)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        var services = new ServiceCollection();
        services.AddSingleton(dataSource);
        services.AddStoreDataProtection(MasterKey.FromBase64(MasterKeyText, "the test"));
        await using var provider = services.BuildServiceProvider();
        var store = new SourceStore(dataSource, new SecretProtector(provider.GetRequiredService<IDataProtectionProvider>()));
        var summary = Assert.Single(await store.ListAsync(), s => s.Name == name && s.IsDemo);
        return (await store.ConnectionAsync(summary.Id))!.Value.Connection;
    }

    /// <summary>Changes a demo source's settings and secrets in the store as an earlier version left them.</summary>
    public async Task RewriteDemoSourceAsync(string name, IReadOnlyDictionary<string, string?> settings, IReadOnlyDictionary<string, string> secrets)
    {
        await using var dataSource = NpgsqlDataSource.Create(ConnectionString);
        var services = new ServiceCollection();
        services.AddSingleton(dataSource);
        services.AddStoreDataProtection(MasterKey.FromBase64(MasterKeyText, "the test"));
        await using var provider = services.BuildServiceProvider();
        var protector = new SecretProtector(provider.GetRequiredService<IDataProtectionProvider>());
        await using var db = await dataSource.OpenConnectionAsync();
        await db.ExecuteAsync("update source set settings = @settings::jsonb, secrets = @secrets where name = @name and is_demo",
            new { name, settings = System.Text.Json.JsonSerializer.Serialize(settings), secrets = protector.Protect(secrets.ToDictionary()) });
    }
}
