using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;
using Workbench.Core.Lineage.OpenLineage;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Lineage;

/// <summary>One workbench process for the class: starting it is the slow part.</summary>
public sealed class LineageAppFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public WorkbenchProcess App { get; private set; } = null!;

    /// <summary>Signed in with an API token of a user holding every role.</summary>
    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync("lineageapi");
        App = await WorkbenchProcess.StartAsync(ConnectionString);
        Http = await WorkbenchClient.SignedInAsync(App);
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>The lineage HTTP API of the real workbench program.</summary>
public sealed class LineageApiTests(LineageAppFixture fixture) : IClassFixture<LineageAppFixture>
{
    private readonly string _connectionString = fixture.ConnectionString;
    private readonly WorkbenchProcess _app = fixture.App;
    private readonly HttpClient _http = fixture.Http;

    private static string Event(Guid runId, string eventType, string time) => $$"""
        {
          "eventType": "{{eventType}}", "eventTime": "{{time}}",
          "run": { "runId": "{{runId}}" }, "job": { "namespace": "dagster", "name": "load_customers" },
          "inputs": [ { "namespace": "s3://raw", "name": "customers.csv" } ],
          "outputs": [ { "namespace": "postgres://dwh:5432", "name": "dwh.public.customer", "facets": { "columnLineage": {
            "_producer": "https://dagster.example/", "_schemaURL": "{{OpenLineageSpec.ColumnLineageSchema}}",
            "fields": { "email": { "inputFields": [ { "namespace": "s3://raw", "name": "customers.csv", "field": "EMAIL",
              "transformations": [ { "type": "DIRECT", "subtype": "TRANSFORMATION", "description": "lower(trim(EMAIL))" } ] } ] } } } } } ],
          "producer": "https://dagster.example/", "schemaURL": "{{OpenLineageSpec.RunEventSchema}}"
        }
        """;

    private Task<HttpResponseMessage> PostAsync(string body) =>
        _http.PostAsync(_app.BaseUrl + "/api/lineage", new StringContent(body, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Posted_events_feed_the_graph_and_come_back_as_valid_OpenLineage_per_run_and_in_bulk()
    {
        var runId = Guid.NewGuid();

        var start = await PostAsync(Event(runId, "START", "2026-11-20T10:00:00Z"));
        var complete = await PostAsync(Event(runId, "COMPLETE", "2026-11-20T10:05:00Z"));

        Assert.Equal(HttpStatusCode.OK, start.StatusCode);
        Assert.Equal(HttpStatusCode.OK, complete.StatusCode);
        using var perRun = JsonDocument.Parse(await _http.GetStringAsync($"{_app.BaseUrl}/api/lineage/runs/{runId}/openlineage"));
        Assert.Equal(["START", "COMPLETE"], perRun.RootElement.EnumerateArray().Select(e => e.GetProperty("eventType").GetString()));
        Assert.All(perRun.RootElement.EnumerateArray(), e => Assert.Empty(RunEventValidator.Validate(e)));
        Assert.Equal("2026-11-20T10:00:00+00:00", perRun.RootElement[0].GetProperty("eventTime").GetString());

        var lines = (await _http.GetStringAsync(_app.BaseUrl + "/api/lineage/openlineage"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains(runId.ToString())).ToList();
        Assert.Equal(2, lines.Count);
        foreach (var line in lines)
        {
            using var document = JsonDocument.Parse(line);
            Assert.Empty(RunEventValidator.Validate(document.RootElement));
        }

        using var search = JsonDocument.Parse(await _http.GetStringAsync(_app.BaseUrl + "/api/lineage/nodes?search=customer.email"));
        var columnId = search.RootElement.EnumerateArray().Single().GetProperty("id").GetInt64();
        using var upstream = JsonDocument.Parse(await _http.GetStringAsync($"{_app.BaseUrl}/api/lineage/nodes/{columnId}/upstream?depth=2"));
        var reached = upstream.RootElement.GetProperty("nodes").EnumerateArray()
            .Select(n => (n.GetProperty("node").GetProperty("qualifiedName").GetString(), n.GetProperty("depth").GetInt32())).ToList();
        Assert.Contains(("customers.csv.EMAIL", -1), reached);

        await using var connection = new NpgsqlConnection(_connectionString);
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>(
            "select count(*) from audit_event where action = 'lineage.ingest' and entity_id = @Id", new { Id = runId.ToString() }));
    }

    [Fact]
    public async Task A_bad_event_answers_400_with_the_reasons()
    {
        var missingJob = Event(Guid.NewGuid(), "COMPLETE", "2026-11-20T10:00:00Z").Replace("\"name\": \"load_customers\"", "\"nom\": \"x\"");

        var invalid = await PostAsync(missingJob);
        var notJson = await PostAsync("{ this is not json");
        var unknownNode = await _http.GetAsync(_app.BaseUrl + "/api/lineage/nodes/987654321/upstream");
        var badLevel = await _http.GetAsync(_app.BaseUrl + "/api/lineage/nodes/1/upstream?level=galaxy");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        using var problem = JsonDocument.Parse(await invalid.Content.ReadAsStringAsync());
        Assert.Equal(["$.job.name: required"], problem.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Contains("the body is not JSON", await notJson.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknownNode.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badLevel.StatusCode);
    }
}
