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

    [Fact]
    public async Task A_table_read_by_binary_copy_gives_the_values_the_plain_query_gives_for_every_supported_type()
    {
        await ExecuteAsync("""
            drop table if exists public.all_types;
            create table public.all_types (id int4, small int2, big int8, amount numeric, ratio float4, score float8, flag bool,
                note text, code varchar(10), fixed char(3), label name, day date, at timestamp, at_zone timestamptz, ref uuid,
                doc json, docb jsonb, ints int4[], longs int8[], texts text[], amounts numeric[]);
            insert into public.all_types values
              (1, -32768, 9223372036854775807, 12345678901234.567890123, 1.5, -2.25e-10, true,
               'it''s "quoted" -- ; drop table x', 'café', 'ab', 'n', date '2024-02-29', timestamp '2024-02-29 23:59:59.123456',
               timestamptz '2024-02-29 23:59:59.654321+05:30', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
               '{"b": [1, 2], "a": "x"}', '{"b": [1, 2], "a": "x"}', '{1, null, -3}', '{9223372036854775807}', '{"a,b", null, "c\"d"}',
               '{0.1, -0.000000001}'),
              (2, 0, 0, -0.5, 0, 0, false, '', '', '', '', date '0001-01-01', timestamp '1970-01-01', timestamptz '1970-01-01 00:00:00+00',
               '00000000-0000-0000-0000-000000000000', 'null', '[]', '{}', '{}', '{}', '{}'),
              (3, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
            """);
        var table = new DatasetLocator((PostgresSettings.Schema, "public"), (PostgresSettings.Table, "all_types"));
        var byQuery = new DatasetLocator((PostgresSettings.Query, "select * from public.all_types order by id"));

        var (copied, statement) = await ReadWatchingAsync(table, new ReadRequest(OrderBy: ["id"]), "%all_types%");
        Assert.StartsWith("copy (select * from \"public\".\"all_types\"", statement);
        var queried = await _connector.ReadAllAsync(Connection(), byQuery);

        Assert.Equal(3, copied.Count);
        Assert.Equal(queried[0].Shape.Fields, copied[0].Shape.Fields);
        for (var row = 0; row < queried.Count; row++)
            for (var field = 0; field < queried[row].Shape.Fields.Count; field++)
            {
                var (expected, actual) = (queried[row].Values[field], copied[row].Values[field]);
                Assert.True(Equals(expected?.GetType(), actual?.GetType()), $"row {row}, {queried[row].Shape.Fields[field]}: {expected?.GetType()} against {actual?.GetType()}");
                Assert.Equal(expected, actual);
                if (expected is DateTime moment)
                    Assert.Equal(moment.Kind, ((DateTime)actual!).Kind);
            }
        Assert.Equal(12345678901234.567890123m, copied[0]["amount"]);
        Assert.Equal("it's \"quoted\" -- ; drop table x", copied[0]["note"]);
        Assert.Equal(new DateTime(2024, 2, 29, 18, 29, 59, DateTimeKind.Utc).AddTicks(6543210), copied[0]["at_zone"]);
        Assert.Equal(new[] { "a,b", null, "c\"d" }, (string?[])copied[0]["texts"]!);
        Assert.All(copied[2].Values.Skip(1), Assert.Null);
    }

    [Fact]
    public async Task A_read_with_a_value_filter_or_an_unsupported_type_falls_back_to_the_plain_query_with_the_same_rows()
    {
        await ExecuteAsync("""
            drop table if exists public.odd_types;
            create table public.odd_types (id int4, span int4range, bits bit(3));
            insert into public.odd_types values (1, '[1,5)', B'101'), (2, null, null);
            """);
        var (odd, oddStatement) = await ReadWatchingAsync(new DatasetLocator((PostgresSettings.Schema, "public"), (PostgresSettings.Table, "odd_types")),
            new ReadRequest(OrderBy: ["id"]), "%odd_types%");
        Assert.Equal([1, 2], odd.Select(r => (int)r["id"]!));
        Assert.NotNull(odd[0]["span"]);
        Assert.StartsWith("select", oddStatement, StringComparison.Ordinal);

        var policies = new DatasetLocator((PostgresSettings.Schema, "legacy"), (PostgresSettings.Table, "policies"));
        var (active, activeStatement) = await ReadWatchingAsync(policies, new ReadRequest(Filters: [new FieldFilter("status", FilterOperator.Equal, "active")]), "%legacy%policies%");
        Assert.Equal(250, active.Count);
        Assert.StartsWith("select", activeStatement, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_that_goes_away_mid_read_gives_a_clear_error()
    {
        await ExecuteAsync("""
            drop table if exists public.long_read;
            create table public.long_read as select i as id, repeat('x', 200) as filler from generate_series(1, 200000) i;
            """);
        var locator = new DatasetLocator((PostgresSettings.Schema, "public"), (PostgresSettings.Table, "long_read"));
        var count = 0;

        var error = await Assert.ThrowsAsync<SourceException>(async () =>
        {
            await foreach (var _ in _connector.ReadAsync(Connection(), locator, ReadRequest.All, new ReadDiagnostics()))
                if (++count == 1)
                    await ExecuteAsync("select pg_terminate_backend(pid) from pg_stat_activity where query like 'copy (select%long_read%'");
        });

        Assert.True(count < 200_000, $"read all {count} rows");
        // The server says why when its message gets through; else the socket closes under the read.
        Assert.Matches("terminating connection|The connection to .* failed", error.Message);
        Assert.DoesNotContain(" at ", error.Message, StringComparison.Ordinal);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var db = await database.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Reads all rows, noting the statement the server runs for the read while it runs.</summary>
    private async Task<(List<SourceRow> Rows, string Statement)> ReadWatchingAsync(DatasetLocator locator, ReadRequest request, string like)
    {
        var rows = new List<SourceRow>();
        var statement = "";
        await foreach (var row in _connector.ReadAsync(Connection(), locator, request, new ReadDiagnostics()))
        {
            if (rows.Count == 0)
                statement = await LastQueryAsync(like);
            rows.Add(row);
        }
        return (rows, statement);
    }

    private async Task<string> LastQueryAsync(string like)
    {
        await using var db = await database.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "select query from pg_stat_activity where application_name = 'workbench' and query like $1 order by query_start desc limit 1", db);
        command.Parameters.Add(new NpgsqlParameter { Value = like });
        return (string?)await command.ExecuteScalarAsync() ?? "";
    }
}
