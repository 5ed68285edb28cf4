using System.Net;
using Npgsql;
using Workbench.Connectors.Postgres;
using Workbench.Connectors.Rest;
using Xunit;

namespace Workbench.IntegrationTests.Sources;

/// <summary>A demo made by an earlier version (legacy source as the store's owner, API without a key) is brought up to date on start.</summary>
public sealed class DemoSourceUpgradeTests(DemoSourcesApp demo) : IClassFixture<DemoSourcesApp>
{
    [Fact]
    public async Task On_restart_the_legacy_source_gets_the_reader_role_and_the_api_source_its_key()
    {
        await demo.WaitForDemoAsync();
        var store = new NpgsqlConnectionStringBuilder(demo.ConnectionString);
        var legacy = await demo.DemoConnectionAsync("Legacy policies (PostgreSQL)");
        var fast = await demo.DemoConnectionAsync("FAST platform API");
        await demo.RestartAsync(async () =>
        {
            await demo.RewriteDemoSourceAsync("Legacy policies (PostgreSQL)",
                new Dictionary<string, string?>(legacy.Settings) { [PostgresSettings.User] = store.Username },
                new Dictionary<string, string> { [PostgresSettings.Password] = store.Password! });
            await demo.RewriteDemoSourceAsync("FAST platform API",
                fast.Settings.Where(s => s.Key is not (RestSettings.Auth or RestSettings.ApiKeyHeader)).ToDictionary(),
                new Dictionary<string, string>());
        });

        await demo.WaitUntilAsync(async () =>
            (await demo.DemoConnectionAsync("Legacy policies (PostgreSQL)")).Text(PostgresSettings.User) != store.Username
            && (await demo.DemoConnectionAsync("FAST platform API")).Text(RestSettings.Auth) == "apiKey", "The demo sources were not upgraded");

        var upgradedLegacy = await demo.DemoConnectionAsync("Legacy policies (PostgreSQL)");
        Assert.NotEqual(store.Username, upgradedLegacy.Text(PostgresSettings.User));
        Assert.NotEqual(store.Password, upgradedLegacy.Secret(PostgresSettings.Password));
        var legacyCheck = await new PostgresConnector().TestAsync(upgradedLegacy);
        Assert.True(legacyCheck.Ok, legacyCheck.Message);
        Assert.Empty(legacyCheck.Warnings);
        var upgradedFast = await demo.DemoConnectionAsync("FAST platform API");
        Assert.Equal("apiKey", upgradedFast.Text(RestSettings.Auth));
        Assert.False(string.IsNullOrEmpty(upgradedFast.Secret(RestSettings.Secret)));
        using var http = new HttpClient { BaseAddress = new Uri(demo.App.BaseUrl) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/demo/fast/policies")).StatusCode);
    }
}
