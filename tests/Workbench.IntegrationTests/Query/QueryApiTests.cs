using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Workbench.Application.Accounts;
using Workbench.IntegrationTests.Materialize;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Query;

/// <summary>
/// <c>POST /api/views/{id}/query</c> and <c>GET /api/views/{id}/query.csv</c> on the real workbench, with API tokens:
/// the rows, the statuses of a bad query, an unknown view and a dissolved one, and who may read.
/// </summary>
public sealed class QueryApiTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("workbench-query-api-").FullName;
    private string _connectionString = "";
    private NpgsqlDataSource _dataSource = null!;
    private WorkbenchProcess _app = null!;
    private MaterializeTestbed _bed = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync("queryapi");
        _dataSource = NpgsqlDataSource.Create(_connectionString);
        _app = await WorkbenchProcess.StartAsync(_connectionString, new Dictionary<string, string> { ["Sources:FilesFolder"] = _folder });
        _bed = new MaterializeTestbed(_dataSource, _connectionString, _folder);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _dataSource.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_query_answers_its_page_as_json_and_every_row_as_csv_and_refuses_what_it_cannot_answer()
    {
        // Signed in first: the app holds its data-protection key before the bed encrypts the sources' secrets.
        using var steward = await WorkbenchClient.SignedInAsync(_app, Roles.Steward);
        using var approver = await WorkbenchClient.SignedInAsync(_app, Roles.Approver);
        using var admin = await WorkbenchClient.SignedInAsync(_app, Roles.Admin);
        using var nobody = await WorkbenchClient.SignedInAsync(_app, await TestAccounts.CreateAsync(_app.ConnectionString, TestAccounts.UniqueName("no-role"), null));
        var spec = await _bed.CreatePolicySourcesAsync("api");
        var viewId = await _bed.CreateViewAsync(spec);
        string table = spec.Datasets[0].Name, file = spec.Datasets[1].Name;

        var answer = await steward.PostAsJsonAsync($"/api/views/{viewId}/query", new
        {
            where = new object[] { new { field = "premium", op = "between", value = "8", to = "100" } },
            sort = "premium",
            descending = true,
            limit = 1,
        });
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var json = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, json.GetProperty("version").GetInt32());
        Assert.Equal("streaming", json.GetProperty("engine").GetString());
        Assert.Equal(["_key", "policy_id", "holder", "premium", "start_date", "_source", "_issues"],
            json.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        // P2 (55.5) and P4 (10) are between 8 and 100; P1's 100.50 is not; the first by premium, descending, is P2.
        Assert.Equal(2, json.GetProperty("total").GetInt64());
        var row = Assert.Single(json.GetProperty("rows").EnumerateArray());
        Assert.Equal(["P2", "P2", "bob", "55.5", "2024-02-03", $"{table}+{file}", "null,mismatch"], row.EnumerateArray().Select(c => c.GetString()));

        foreach (var reader in new[] { approver, admin })
            Assert.Equal(HttpStatusCode.OK, (await reader.PostAsJsonAsync($"/api/views/{viewId}/query", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await nobody.PostAsJsonAsync($"/api/views/{viewId}/query", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await WorkbenchClient.Anonymous(_app).PostAsJsonAsync($"/api/views/{viewId}/query", new { })).StatusCode);

        var csv = await steward.GetAsync($"/api/views/{viewId}/query.csv?where={Uri.EscapeDataString($"_source is not {table}+{file}")}");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("_key,policy_id,holder,premium,start_date,_source,_issues", lines[0]);
        Assert.Equal([$"P3,P3,Cy,7,,{table},presence", $"P4,P4,dee,10,,{file},\"presence,invalid\""], lines[1..].Order(StringComparer.Ordinal));

        var unknown = await steward.PostAsJsonAsync($"/api/views/{viewId}/query", new { where = new object[] { new { field = "nope", op = "is null" } } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("'nope': it is not a mapped field", await ErrorAsync(unknown));
        Assert.Equal(HttpStatusCode.BadRequest, (await steward.PostAsJsonAsync($"/api/views/{viewId}/query", new { sort = "nope" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await steward.PostAsJsonAsync($"/api/views/{viewId}/query", new { limit = 100_000 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await steward.GetAsync($"/api/views/{viewId}/query.csv?where=premium%20~%201")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await steward.PostAsJsonAsync($"/api/views/{Guid.NewGuid()}/query", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await steward.PostAsJsonAsync($"/api/views/{viewId}/query", new { version = 7 })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await steward.PostAsJsonAsync($"/api/views/{viewId}/dissolve", new { reason = "done" })).StatusCode);
        var dissolved = await steward.PostAsJsonAsync($"/api/views/{viewId}/query", new { });
        Assert.Equal(HttpStatusCode.Conflict, dissolved.StatusCode);
        Assert.Contains("dissolved", await ErrorAsync(dissolved));
        Assert.Equal(HttpStatusCode.Conflict, (await steward.GetAsync($"/api/views/{viewId}/query.csv")).StatusCode);

        await using var connection = await _dataSource.OpenConnectionAsync();
        var audited = await connection.QueryAsync<(string Outcome, string Actor)>(
            "select outcome, actor from audit_event where action = 'view.query' and entity_id = @id order by id", new { id = viewId.ToString() });
        Assert.Equal(["ok", "ok", "ok", "ok", "denied", "denied"], audited.Select(a => a.Outcome));
    }

    [Fact]
    public async Task The_command_line_writes_the_rows_as_csv_or_json_and_says_what_it_cannot_answer()
    {
        using var steward = await WorkbenchClient.SignedInAsync(_app, Roles.Steward);
        var spec = await _bed.CreatePolicySourcesAsync("cli");
        await _bed.CreateViewAsync(spec);
        string table = spec.Datasets[0].Name, file = spec.Datasets[1].Name;

        var csv = await CliAsync("--view", spec.Name, "--where", "premium is not null", "--where", $"_source is {table}+{file}");
        Assert.True(csv.Code == 0, csv.Stderr);
        var lines = csv.Stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("_key,policy_id,holder,premium,start_date,_source,_issues", lines[0]);
        Assert.Equal(
        [
            $"P1,P1,ann x,100.50,2024-01-02,{table}+{file},mismatch",
            $"P2,P2,bob,55.5,2024-02-03,{table}+{file},\"null,mismatch\"",
        ], lines[1..].Order(StringComparer.Ordinal));

        var json = await CliAsync("--view", spec.Name, "--format", "json", "--sort", "premium", "--limit", "2");
        Assert.True(json.Code == 0, json.Stderr);
        var page = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal(4, page.GetProperty("total").GetInt64());
        Assert.Equal(["P3", "P4"], page.GetProperty("rows").EnumerateArray().Select(r => r[0].GetString()));
        Assert.Contains("2 of 4 matching rows of version 1 (streaming)", json.Stderr);

        var unknown = await CliAsync("--view", spec.Name, "--where", "nope = 1");
        Assert.Equal(2, unknown.Code);
        Assert.Contains("'nope': it is not a mapped field", unknown.Stderr);
        Assert.Equal(2, (await CliAsync("--view", spec.Name, "--where", "premium")).Code);
        var missing = await CliAsync("--view", "no such view");
        Assert.Equal(1, missing.Code);
        Assert.Contains("There is no view called 'no such view'.", missing.Stderr);
    }

    private async Task<(int Code, string Stdout, string Stderr)> CliAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo(RepoPaths.BuiltProgram("Workbench.Cli", "workbench"), ["query", .. arguments, "--store", _connectionString,
            "--files", _folder, "--master-key", Path.Combine(Path.GetDirectoryName(RepoPaths.BuiltProgram("Workbench.Web"))!, ".workbench", "master.key")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    private static async Task<string> ErrorAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString() ?? "";
}
