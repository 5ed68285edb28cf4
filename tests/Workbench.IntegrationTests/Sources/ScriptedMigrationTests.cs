using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using Workbench.Application.Accounts;
using Workbench.Core.Jobs;
using Workbench.Core.Mapping;
using Workbench.IntegrationTests.Materialize;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Sources;

/// <summary>
/// A whole migration scripted through the HTTP API alone, as docs/http-api.md shows it with curl: register a PostgreSQL
/// table and a CSV file, discover them, read a schema and a sample, create a view and save a version, preview it, submit
/// it, approve it as a second person, materialize it, wait for the job and follow the lineage. No page is opened; SQL is
/// used only to set up the legacy table and to check the destination rows.
/// </summary>
public sealed class ScriptedMigrationTests(SourceApiApp fixture) : IClassFixture<SourceApiApp>
{
    [Fact]
    public async Task A_script_migrates_a_table_and_a_csv_file_into_a_destination_table_through_HTTP_only()
    {
        await fixture.ExecuteAsync("""
            create schema crm_script;
            create table crm_script.policies (pol_num text, holder text, premium text);
            insert into crm_script.policies values
                ('P1 ', 'Ann', '100.50'), ('P2', 'Bob', null), ('P3', ' Cy ', '7'), ('P1', 'Zed', '1'), (null, 'Nobody', '5');
            """);
        await File.WriteAllTextAsync(Path.Combine(fixture.FilesFolder, "policies_script.csv"),
            "id,name,premium,start\nP1,ANN X,99,2024-01-02\nP2,Bob,55.5,2024-02-03\nP4,Dee,10,not-a-date\n");
        using var steward = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);
        using var approver = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Approver);

        // Register and discover.
        var crm = await CreatedAsync(await steward.PostAsJsonAsync("/api/sources", new
        {
            name = "crm", kind = "postgres", settings = fixture.PostgresSettings("crm_script"), secrets = new { password = fixture.Password },
        }));
        var csv = await CreatedAsync(await steward.PostAsJsonAsync("/api/sources", new
        {
            name = "policies csv", kind = "file", settings = new { path = "policies_script.csv" },
        }));
        Assert.Equal(("ok", 1), (crm.GetProperty("status").GetString(), crm.GetProperty("datasetCount").GetInt32()));
        Assert.Equal(["password"], crm.GetProperty("secretsSet").EnumerateArray().Select(s => s.GetString()));
        var table = await DiscoveredDatasetAsync(steward, crm.GetProperty("id").GetGuid());
        var file = await DiscoveredDatasetAsync(steward, csv.GetProperty("id").GetGuid());
        Assert.Equal("crm.crm_script.policies", table.QualifiedName);

        // Schema, sample and profile.
        var schema = await steward.GetFromJsonAsync<JsonElement>($"/api/datasets/{table.Id}");
        Assert.Equal(["pol_num", "holder", "premium"], schema.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        Assert.Equal("text", schema.GetProperty("fields")[0].GetProperty("type").GetString());
        var sample = await steward.GetFromJsonAsync<JsonElement>($"/api/datasets/{file.Id}/rows?limit=2");
        Assert.Equal(["P1", "P2"], sample.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        var profile = await (await steward.PostAsync($"/api/datasets/{table.Id}/profile?mode=full", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((5, true), (profile.GetProperty("rows").GetInt64(), profile.GetProperty("complete").GetBoolean()));
        Assert.Equal(1, profile.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "pol_num").GetProperty("nulls").GetInt64());

        // A view, and a second version of it.
        var spec = MaterializeTestbed.PolicyView("Scripted policies", table.QualifiedName, file.QualifiedName);
        var created = await SavedAsync(await steward.PostAsync("/api/views", Json(spec)));
        var viewId = created.GetProperty("viewId").GetGuid();
        var saved = await SavedAsync(await steward.PostAsync($"/api/views/{viewId}/versions?expectedVersion=1",
            Json(spec with { Description = "Policies of the CRM and the CSV export, joined on the policy number." })));
        Assert.Equal((1, 2), (created.GetProperty("version").GetInt32(), saved.GetProperty("version").GetInt32()));

        // Preview, submit, approve as someone else, materialize.
        var preview = await steward.PostAsync($"/api/views/{viewId}/preview?version=2", null);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var summary = (await preview.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("summary");
        Assert.Equal(4, summary.GetProperty("keys").GetInt64());
        await MovedAsync(await steward.PostAsJsonAsync($"/api/views/{viewId}/versions/2/submit", new { comment = "scripted" }), "submitted");
        Assert.Equal(HttpStatusCode.Forbidden, (await steward.PostAsJsonAsync($"/api/views/{viewId}/versions/2/approve", new { })).StatusCode);
        await MovedAsync(await approver.PostAsJsonAsync($"/api/views/{viewId}/versions/2/approve", new { comment = "fine" }), "approved");
        var enqueued = await steward.PostAsJsonAsync($"/api/views/{viewId}/versions/2/materialize", new { schema = "target", table = "scripted_policies" });
        Assert.Equal(HttpStatusCode.Accepted, enqueued.StatusCode);
        var job = await FinishedJobAsync(steward, (await enqueued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt64());
        Assert.True(job.GetProperty("state").GetString() == "succeeded", job.ToString());
        Assert.Equal((3, 1), (job.GetProperty("result").GetProperty("rowsWritten").GetInt64(), job.GetProperty("result").GetProperty("rowsRejected").GetInt64()));

        // The destination holds the view's rows; the lineage leads from its columns back to both sources' fields.
        Assert.Equal(MaterializeTestbed.ExpectedRows, await DestinationRowsAsync());
        var nodes = await steward.GetFromJsonAsync<JsonElement>("/api/lineage/nodes?search=scripted_policies");
        var tableNode = nodes.EnumerateArray().Single(n => n.GetProperty("kind").GetString() == "table");
        Assert.Equal("target.scripted_policies", tableNode.GetProperty("qualifiedName").GetString());
        var upstream = await steward.GetFromJsonAsync<JsonElement>($"/api/lineage/nodes/{tableNode.GetProperty("id").GetInt64()}/upstream?depth=2&level=column");
        var reached = upstream.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("node").GetProperty("qualifiedName").GetString()).ToList();
        Assert.Contains($"{table.QualifiedName}.pol_num", reached);
        Assert.Contains($"{file.QualifiedName}.id", reached);
    }

    private sealed record Dataset(Guid Id, string QualifiedName);

    private static StringContent Json(ViewSpec spec) => new(ViewSpecJson.Serialize(spec), Encoding.UTF8, "application/json");

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Task<JsonElement> SavedAsync(HttpResponseMessage response) => CreatedAsync(response);

    private static async Task MovedAsync(HttpResponseMessage response, string status)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal(status, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    /// <summary>Discovers the source again over HTTP and reads its one dataset from the source's list.</summary>
    private static async Task<Dataset> DiscoveredDatasetAsync(HttpClient steward, Guid sourceId)
    {
        var discovery = await (await steward.PostAsync($"/api/sources/{sourceId}/discover", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(discovery.GetProperty("ok").GetBoolean(), discovery.ToString());
        var listed = Assert.Single((await steward.GetFromJsonAsync<JsonElement>($"/api/sources/{sourceId}/datasets")).EnumerateArray());
        Assert.Equal(discovery.GetProperty("datasets")[0].GetProperty("id").GetGuid(), listed.GetProperty("id").GetGuid());
        return new Dataset(listed.GetProperty("id").GetGuid(), listed.GetProperty("qualifiedName").GetString()!);
    }

    private static async Task<JsonElement> FinishedJobAsync(HttpClient client, long jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var job = (await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}")).GetProperty("job");
            if (JobStates.ParseState(job.GetProperty("state").GetString()!).IsFinished() || DateTime.UtcNow > deadline)
                return job;
            await Task.Delay(100);
        }
    }

    private async Task<IReadOnlyList<(string, string?, decimal?, DateOnly?, string?)>> DestinationRowsAsync()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        return await connection.QueryAsync<(string, string?, decimal?, DateOnly?, string?)>(
            "select policy_id, holder, premium, start_date, note from target.scripted_policies order by policy_id, holder");
    }
}
