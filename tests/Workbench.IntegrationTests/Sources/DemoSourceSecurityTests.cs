using System.Net;
using System.Text.Json;
using Npgsql;
using Workbench.Connectors.Postgres;
using Workbench.Connectors.Rest;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Sources;

/// <summary>
/// The demo's sources as an attacker would use them: the legacy source's login must not reach the store's tables
/// or write, and the FAST API must not answer without its key.
/// </summary>
public sealed class DemoSourceSecurityTests(DemoSourcesApp demo) : IClassFixture<DemoSourcesApp>, IAsyncLifetime
{
    private const string LegacySource = "Legacy policies (PostgreSQL)";
    private const string FastSource = "FAST platform API";

    public Task InitializeAsync() => demo.WaitForDemoAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<NpgsqlConnection> SignInAsLegacySourceAsync()
    {
        var legacy = await demo.DemoConnectionAsync(LegacySource);
        var target = new NpgsqlConnectionStringBuilder(demo.ConnectionString)
        {
            Username = legacy.Text(PostgresSettings.User), Password = legacy.Secret(PostgresSettings.Password), Pooling = false,
        };
        var db = new NpgsqlConnection(target.ConnectionString);
        await db.OpenAsync();
        return db;
    }

    [Fact]
    public async Task The_legacy_source_signs_in_as_a_role_that_reads_legacy_but_not_the_store_and_cannot_write()
    {
        var store = new NpgsqlConnectionStringBuilder(demo.ConnectionString);
        await using var db = await SignInAsLegacySourceAsync();

        Assert.NotEqual(store.Username, db.UserName);
        Assert.False(await db.ExecuteScalarAsync<bool>("select rolsuper or rolcreaterole or rolcreatedb from pg_roles where rolname = current_user"));
        Assert.Equal(3040, await db.ExecuteScalarAsync<long>("select count(*) from legacy.policies"));
        foreach (var attempt in new[]
                 {
                     "select password_hash from account", "select secrets from source", "select * from audit_event",
                     "insert into legacy.policies (pol_num) values ('X')", "delete from legacy.policies",
                     "create table legacy.planted (x int)", "create table public.planted (x int)",
                     "copy (select 1) to program 'id'", "select pg_read_file('PG_VERSION')",
                 })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => db.ExecuteAsync(attempt));
            Assert.True(refused.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{attempt}: {refused.SqlState} {refused.MessageText}");
        }
    }

    [Fact]
    public async Task The_source_page_check_of_the_legacy_source_finds_nothing_to_warn_about()
    {
        var check = await new PostgresConnector().TestAsync(await demo.DemoConnectionAsync(LegacySource));
        Assert.True(check.Ok, check.Message);
        Assert.Empty(check.Warnings);
    }

    [Fact]
    public async Task The_fast_api_refuses_a_call_without_its_key_or_with_a_wrong_one()
    {
        using var http = new HttpClient { BaseAddress = new Uri(demo.App.BaseUrl) };
        var anonymous = await http.GetAsync("/demo/fast/policies");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/demo/fast/policies");
        wrong.Headers.Add("X-Api-Key", "not-the-key");
        var guessed = await http.SendAsync(wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, guessed.StatusCode);
        Assert.Equal("application/problem+json", guessed.Content.Headers.ContentType?.MediaType);
        Assert.Contains("X-Api-Key", await guessed.Content.ReadAsStringAsync());
        Assert.DoesNotContain("policyId", await anonymous.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_fast_source_holds_the_key_and_the_api_answers_it_with_policies()
    {
        var fast = await demo.DemoConnectionAsync(FastSource);
        Assert.Equal("apiKey", fast.Text(RestSettings.Auth));

        var page = await GetPageAsync("/demo/fast/policies?page=1&pageSize=5", fast.Text(RestSettings.ApiKeyHeader)!, fast.Secret(RestSettings.Secret)!);
        Assert.Equal(5, page.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task The_last_possible_page_number_answers_an_empty_page()
    {
        var fast = await demo.DemoConnectionAsync(FastSource);
        var page = await GetPageAsync("/demo/fast/policies?page=2147483647&pageSize=1000", fast.Text(RestSettings.ApiKeyHeader)!, fast.Secret(RestSettings.Secret)!);
        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
    }

    private async Task<JsonElement> GetPageAsync(string path, string header, string key)
    {
        using var http = new HttpClient { BaseAddress = new Uri(demo.App.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(header, key);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
