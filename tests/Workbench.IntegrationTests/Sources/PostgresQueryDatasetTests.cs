using System.Globalization;
using Npgsql;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Postgres;
using Workbench.Core.Sources;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Sources;

/// <summary>Query datasets as an attacker with a steward's account writes them: one reading statement or nothing.</summary>
public sealed class PostgresQueryDatasetTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly PostgresConnector _connector = new();

    public async Task InitializeAsync()
    {
        await using var db = await database.DataSource.OpenConnectionAsync();
        await db.ExecuteAsync("""
            create schema if not exists legacy;
            create table if not exists legacy.policies (pol_num text, premium numeric);
            truncate legacy.policies;
            insert into legacy.policies values ('POL-1', 10), ('POL-2', null);
            """);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private SourceConnection Connection(string? queries = null, string? user = null, string? password = null)
    {
        var target = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        return new SourceConnection(SourceKind.PostgreSql,
            new Dictionary<string, string?>
            {
                [PostgresSettings.Host] = target.Host, [PostgresSettings.Port] = target.Port.ToString(CultureInfo.InvariantCulture),
                [PostgresSettings.Database] = target.Database, [PostgresSettings.User] = user ?? target.Username,
                [PostgresSettings.SslMode] = "Disable", [PostgresSettings.Schemas] = "legacy", [CommonSettings.TimeoutSeconds] = "5",
                [PostgresSettings.Queries] = queries,
            },
            new Dictionary<string, string> { [PostgresSettings.Password] = password ?? target.Password ?? "" });
    }

    private static DatasetLocator Query(string sql) => new((PostgresSettings.Query, sql));

    private async Task<bool> TableExistsAsync(string name)
    {
        await using var db = await database.DataSource.OpenConnectionAsync();
        return await db.ExecuteScalarAsync<bool>("select to_regclass(@name) is not null", new { name });
    }

    [Fact]
    public async Task The_stacked_query_from_the_attack_is_refused_naming_the_dataset_and_creates_nothing()
    {
        const string attack = "select 1 as a) as x; commit; create table public.p_stacked(x int); select * from (select 1 as a";

        var discovery = await Assert.ThrowsAsync<SourceException>(() => _connector.DiscoverAsync(Connection($"stacked: {attack}")));
        Assert.StartsWith("The query dataset 'stacked' ", discovery.Message);
        var read = await Assert.ThrowsAsync<SourceException>(() => _connector.ReadAllAsync(Connection(), Query(attack)));
        Assert.StartsWith("The query dataset ", read.Message);
        await Assert.ThrowsAsync<SourceException>(() => _connector.DescribeAsync(Connection(), Query(attack)));

        Assert.False(await TableExistsAsync("public.p_stacked"));
    }

    [Theory]
    [InlineData("select 1 as a; create table public.p_second(x int)", "more than one statement")]
    [InlineData("select 1 as a; commit", "more than one statement")]
    [InlineData("copy (select 1) to program 'id > /tmp/workbench-owned'", "not a reading statement")]
    [InlineData("commit", "not a reading statement")]
    [InlineData("select 1 as a) as x, (select 1 as b", "closes a parenthesis")]
    [InlineData("select 1 as a /* ) as query_dataset", "comment open")]
    [InlineData("select $$ ) as x; drop table legacy.policies; -- ", "dollar-quoted string open")]
    [InlineData("select 'a'; drop table legacy.policies", "more than one statement")]
    [InlineData("select * from legacy.policies where pol_num = $1", "parameter")]
    public async Task Text_that_could_end_the_subquery_or_add_a_statement_is_refused(string query, string reason)
    {
        var error = await Assert.ThrowsAsync<SourceException>(() => _connector.ReadAllAsync(Connection(), Query(query)));
        Assert.Contains(reason, error.Message);
        Assert.False(await TableExistsAsync("public.p_second"));
        Assert.True(await TableExistsAsync("legacy.policies"));
    }

    [Theory]
    [InlineData("select pol_num from legacy.policies;")]
    [InlineData("select pol_num from legacy.policies -- the policies")]
    [InlineData("select pol_num from legacy.policies; /* done */")]
    [InlineData("with p as (select pol_num from legacy.policies) select pol_num from p where pol_num <> ';)'")]
    [InlineData("select pol_num from legacy.policies where pol_num <> $q$ ) ; $q$")]
    public async Task A_single_reading_statement_with_a_trailing_semicolon_comments_or_quoted_punctuation_still_reads(string query)
    {
        var rows = await _connector.ReadAllAsync(Connection(), Query(query), new ReadRequest(OrderBy: ["pol_num"]));
        Assert.Equal(["POL-1", "POL-2"], rows.Select(r => (string)r["pol_num"]!));
    }

    [Fact]
    public async Task Every_transaction_of_a_read_is_read_only_even_one_a_query_could_start()
    {
        var rows = await _connector.ReadAllAsync(Connection(),
            Query("select current_setting('transaction_read_only') as now, current_setting('default_transaction_read_only') as by_default"));
        Assert.Equal("on", Assert.Single(rows)["now"]);
        Assert.Equal("on", rows[0]["by_default"]);
    }

    [Fact]
    public async Task Test_connection_warns_when_the_user_is_a_superuser()
    {
        var check = await _connector.TestAsync(Connection());
        Assert.True(check.Ok);
        Assert.Contains(check.Warnings, w => w.Contains("is a superuser"));
    }

    [Fact]
    public async Task Test_connection_warns_when_the_user_can_write_and_not_when_it_can_only_read()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (reader, writer) = ($"reads_{suffix}", $"writes_{suffix}");
        await using (var db = await database.DataSource.OpenConnectionAsync())
            await db.ExecuteAsync($"""
                create role {reader} login password 'reader-pw';
                create role {writer} login password 'writer-pw';
                grant usage on schema legacy to {reader}, {writer};
                grant select on legacy.policies to {reader};
                grant select, insert on legacy.policies to {writer};
                """);

        var reading = await _connector.TestAsync(Connection(user: reader, password: "reader-pw"));
        var writing = await _connector.TestAsync(Connection(user: writer, password: "writer-pw"));

        Assert.True(reading.Ok, reading.Message);
        Assert.Empty(reading.Warnings);
        Assert.True(writing.Ok, writing.Message);
        Assert.Contains(writing.Warnings, w => w.Contains("can change 1 table(s), e.g. legacy.policies"));
    }
}
