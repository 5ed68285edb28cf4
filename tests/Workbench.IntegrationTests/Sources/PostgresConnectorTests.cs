using System.Globalization;
using Npgsql;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Postgres;
using Workbench.Core.Schema;
using Workbench.Core.Sources;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Sources;

public sealed class PostgresConnectorTests(PostgresDatabaseFixture database) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private const string WeirdTable = "we\"ird table; drop table x --";
    private const string WeirdColumn = "<b>name</b> \"quoted\"";
    private readonly PostgresConnector _connector = new();

    public async Task InitializeAsync()
    {
        await using var db = await database.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(""""
            create schema if not exists legacy;
            create sequence if not exists legacy.ids;
            drop table if exists legacy.policies;
            create table legacy.policies (pol_num text not null, premium numeric(12,2), eff_date text, status text);
            insert into legacy.policies select 'POL-' || lpad(i::text, 4, '0'), case when i % 10 = 0 then null else i * 1.5 end, '2021-01-01', case when i % 2 = 0 then 'active' else 'lapsed' end
            from generate_series(1, 500) i;
            drop table if exists public."we""ird table; drop table x --";
            create table public."we""ird table; drop table x --" (id integer primary key, "<b>name</b> ""quoted""" text);
            insert into public."we""ird table; drop table x --" values (1, 'a'), (2, '<script>');
            """", db);
        await command.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private SourceConnection Connection(string? password = null, int? port = null, string? schemas = null, string? queries = null)
    {
        var target = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        return new SourceConnection(SourceKind.PostgreSql,
            new Dictionary<string, string?>
            {
                [PostgresSettings.Host] = target.Host, [PostgresSettings.Port] = (port ?? target.Port).ToString(CultureInfo.InvariantCulture),
                [PostgresSettings.Database] = target.Database, [PostgresSettings.User] = target.Username,
                [PostgresSettings.SslMode] = "Disable", [PostgresSettings.Schemas] = schemas, [CommonSettings.TimeoutSeconds] = "3",
                [PostgresSettings.Queries] = queries,
            },
            new Dictionary<string, string> { [PostgresSettings.Password] = password ?? target.Password ?? "" });
    }

    [Fact]
    public async Task Discovery_lists_tables_with_declared_types_and_nullability_including_awkward_names()
    {
        var datasets = await _connector.DiscoverAsync(Connection());

        var policies = Assert.Single(datasets, d => d.Name == "legacy.policies");
        Assert.Equal(new FieldSchema("pol_num", FieldType.Text, false, "text"), policies.Fields[0]);
        Assert.Equal(FieldType.Decimal, policies.Fields[1].Type);
        var weird = Assert.Single(datasets, d => d.Name == WeirdTable);
        Assert.Equal(WeirdColumn, weird.Fields[1].Name);
    }

    [Fact]
    public async Task Discovery_can_be_limited_to_schemas()
    {
        var datasets = await _connector.DiscoverAsync(Connection(schemas: "legacy"));
        Assert.Equal(["legacy.policies"], datasets.Select(d => d.Name));
    }

    [Fact]
    public async Task A_query_named_in_the_settings_is_discovered_as_a_dataset_with_its_columns_and_read()
    {
        var connection = Connection(schemas: "legacy", queries: "by status: select status, count(*) as n from legacy.policies group by status\n");

        var query = Assert.Single(await _connector.DiscoverAsync(connection), d => d.Name == "query.by status");
        Assert.Equal(["status", "n"], query.Fields.Select(f => f.Name));
        Assert.Equal(FieldType.Integer, query.Fields[1].Type);
        var rows = new List<SourceRow>();
        await foreach (var row in _connector.ReadAsync(connection, query.Locator, new ReadRequest(), new ReadDiagnostics()))
            rows.Add(row);
        Assert.Equal(500L, rows.Sum(r => Convert.ToInt64(r["n"], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_query_line_without_a_name_is_refused_with_its_line_number()
    {
        var error = await Assert.ThrowsAsync<SourceException>(() => _connector.DiscoverAsync(Connection(queries: "ok: select 1\nselect 2")));
        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public async Task Projection_filters_ordering_and_limit_are_pushed_down()
    {
        var locator = new DatasetLocator((PostgresSettings.Schema, "legacy"), (PostgresSettings.Table, "policies"));
        var request = new ReadRequest(["pol_num", "premium"], [new FieldFilter("status", FilterOperator.Equal, "active"), new FieldFilter("premium", FilterOperator.IsNotNull)], ["pol_num"], 3);

        using var command = PostgresConnector.BuildSelect(locator, request);
        Assert.Contains("where \"status\"::text = $1 and \"premium\" is not null order by \"pol_num\" limit $2", command.CommandText);
        var rows = await _connector.ReadAllAsync(Connection(), locator, request);

        Assert.Equal(["POL-0002", "POL-0004", "POL-0006"], rows.Select(r => (string)r["pol_num"]!));
        Assert.Equal(["pol_num", "premium"], rows[0].Shape.Fields);
        Assert.Equal(3.0m, rows[0]["PREMIUM"]);
        Assert.Equal(1, rows[0].Position.Ordinal);
    }

    [Fact]
    public async Task Tables_and_columns_named_with_quotes_sql_and_html_are_read_as_names()
    {
        var locator = new DatasetLocator((PostgresSettings.Schema, "public"), (PostgresSettings.Table, WeirdTable));
        var rows = await _connector.ReadAllAsync(Connection(), locator, new ReadRequest([WeirdColumn], [new FieldFilter(WeirdColumn, FilterOperator.Equal, "<script>")]));
        Assert.Equal("<script>", Assert.Single(rows)[WeirdColumn]);
    }

    [Fact]
    public async Task A_query_dataset_reads_but_cannot_write()
    {
        var query = new DatasetLocator((PostgresSettings.Query, "select status, count(*) as n from legacy.policies group by status;"));
        var fields = await _connector.DescribeAsync(Connection(), query);
        Assert.Equal(["status", "n"], fields.Select(f => f.Name));
        Assert.Equal(2, (await _connector.ReadAllAsync(Connection(), query, new ReadRequest(OrderBy: ["status"]))).Count);

        var writing = new DatasetLocator((PostgresSettings.Query, "select nextval('legacy.ids')"));
        var ex = await Assert.ThrowsAsync<SourceException>(() => _connector.ReadAllAsync(Connection(), writing));
        Assert.Contains("only read", ex.Message);
    }

    [Fact]
    public async Task A_wrong_password_is_named_and_the_password_is_not_shown()
    {
        var check = await _connector.TestAsync(Connection(password: "not-the-password-xyz"));
        Assert.False(check.Ok);
        Assert.Contains("Wrong password", check.Message);
        Assert.DoesNotContain("not-the-password-xyz", check.Message);
    }

    [Fact]
    public async Task An_unreachable_port_answers_within_the_timeout_with_a_clear_message()
    {
        var check = await _connector.TestAsync(Connection(port: FreePort.Next()));
        Assert.False(check.Ok);
        Assert.Contains("Cannot reach", check.Message);
        Assert.True(check.Elapsed < TimeSpan.FromSeconds(5), $"took {check.Elapsed}");
    }

    [Fact]
    public async Task A_read_stops_at_the_source_when_the_reader_stops()
    {
        var locator = new DatasetLocator((PostgresSettings.Schema, "legacy"), (PostgresSettings.Table, "policies"));
        var count = 0;
        await foreach (var _ in _connector.ReadAsync(Connection(), locator, ReadRequest.All, new ReadDiagnostics()))
            if (++count == 5)
                break;
        Assert.Equal(5, count);
    }
}
