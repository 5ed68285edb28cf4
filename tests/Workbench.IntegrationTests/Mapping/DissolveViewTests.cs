using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using Workbench.Application.Accounts;
using Workbench.Core.Jobs;
using Workbench.IntegrationTests.Materialize;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Mapping;

/// <summary>
/// Dissolving, restoring and deleting views on the real workbench, over HTTP with API tokens: what a dissolved view
/// refuses, what stays readable, the lineage that still walks through it, the roles and the audit trail.
/// </summary>
public sealed class DissolveViewTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("workbench-dissolve-").FullName;
    private string _connectionString = "";
    private NpgsqlDataSource _dataSource = null!;
    private WorkbenchProcess _app = null!;
    private MaterializeTestbed _bed = null!;

    public async Task InitializeAsync()
    {
        _connectionString = await TestPostgres.CreateDatabaseAsync("dissolveview");
        _dataSource = NpgsqlDataSource.Create(_connectionString);
        _app = await WorkbenchProcess.StartAsync(_connectionString, new Dictionary<string, string>
        {
            ["Sources:FilesFolder"] = _folder,
            ["Jobs:PollIntervalMs"] = "200",
        });
        _bed = new MaterializeTestbed(_dataSource, _connectionString, _folder);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _dataSource.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_dissolved_view_refuses_every_use_keeps_its_history_and_lineage_and_an_admin_restores_it()
    {
        // Signed in first: the app holds its data-protection key before the bed encrypts the sources' secrets.
        using var steward = await WorkbenchClient.SignedInAsync(_app, Roles.Steward);
        using var approver = await WorkbenchClient.SignedInAsync(_app, Roles.Approver);
        using var admin = await WorkbenchClient.SignedInAsync(_app, Roles.Admin);
        var spec = await _bed.CreatePolicySourcesAsync("dissolve");
        var viewId = await _bed.CreateViewAsync(spec);
        var name = spec.Name;

        // Its life before: previewed, submitted with the preview attached, approved, materialized, previewed again.
        Assert.Equal(HttpStatusCode.OK, (await PreviewAsync(steward, viewId)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(steward, viewId, 1, "submit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await MoveAsync(approver, viewId, 1, "approve")).StatusCode);
        var accepted = await MaterializeAsync(steward, viewId, 1);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var jobId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt64();
        Assert.Equal("succeeded", (await WaitForFinishAsync(steward, jobId)).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, (await PreviewAsync(steward, viewId, fresh: true)).StatusCode);
        var attachedRun = await ScalarAsync<long>("select quality_run_id from view_review where view_id = @viewId and action = 'submit'", viewId);
        Assert.Equal(2L, await ScalarAsync<long>("select count(*) from quality_run where view_id = @viewId", viewId));

        // Roles and reasons first: an approver may not dissolve, a steward must say why.
        Assert.Equal(HttpStatusCode.Forbidden, (await DissolveAsync(approver, viewId, "done")).StatusCode);
        var bare = await DissolveAsync(steward, viewId, " ");
        Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        Assert.Contains("reason is required", await DetailAsync(bare));
        Assert.Equal(HttpStatusCode.NotFound, (await DissolveAsync(steward, Guid.NewGuid(), "gone")).StatusCode);

        var dissolved = await DissolveAsync(steward, viewId, "Migration done");
        Assert.Equal(HttpStatusCode.OK, dissolved.StatusCode);
        Assert.Contains("1 cached preview(s) dropped", await dissolved.Content.ReadAsStringAsync());
        var again = await DissolveAsync(steward, viewId, "twice");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already dissolved", await DetailAsync(again));

        // The cache is gone; the preview the approver decided on stays, with its issue sample.
        Assert.Equal(new[] { attachedRun }, await ListAsync<long>("select id from quality_run where view_id = @viewId", viewId));
        Assert.Equal(0L, await ScalarAsync<long>(
            "select count(*) from quality_issue_sample s join quality_run q on q.id = s.run_id where q.view_id = @viewId and q.id <> " + attachedRun, viewId));

        // Refused: preview, submit (of a new version saved after), approve, materialize, each with the sentence.
        var sentence = $"The view '{name}' is dissolved";
        var preview = await PreviewAsync(steward, viewId);
        Assert.Equal(HttpStatusCode.Conflict, preview.StatusCode);
        Assert.Contains(sentence, await DetailAsync(preview));
        using (var imported = await steward.PostAsync("/api/views/import", new StringContent(
                   Workbench.Core.Mapping.ViewSpecJson.Serialize(spec), Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var submit = await MoveAsync(steward, viewId, 2, "submit");
        Assert.Equal(HttpStatusCode.Conflict, submit.StatusCode);
        var submitProblem = await submit.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(sentence, submitProblem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("dissolved", submitProblem.GetProperty("reason").GetString());
        var approve = await MoveAsync(approver, viewId, 2, "approve");
        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        Assert.Contains(sentence, await DetailAsync(approve));
        var materialize = await MaterializeAsync(steward, viewId, 1);
        Assert.Equal(HttpStatusCode.Conflict, materialize.StatusCode);
        Assert.Contains(sentence, await DetailAsync(materialize));

        // Out of the lists, in the list of dissolved views with who, when and why.
        Assert.DoesNotContain(await ViewIdsAsync(steward, "/api/views"), id => id == viewId);
        var listed = (await steward.GetFromJsonAsync<JsonElement>("/api/views?dissolved=true")).EnumerateArray().Single(v => v.GetProperty("id").GetGuid() == viewId);
        Assert.Equal("Migration done", listed.GetProperty("dissolveReason").GetString());
        Assert.False(string.IsNullOrEmpty(listed.GetProperty("dissolvedBy").GetString()));

        // What happened stays readable: the approved version, the job, the attached preview, the audit trail.
        Assert.Equal(HttpStatusCode.OK, (await steward.GetAsync($"/api/views/{viewId}/spec?version=1")).StatusCode);
        Assert.Equal("succeeded", (await steward.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}")).GetProperty("job").GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.OK, (await steward.GetAsync($"/api/quality/runs/{attachedRun}")).StatusCode);
        Assert.Equal("approved", await ScalarAsync<string>("select status from view_version where view_id = @viewId and version = 1", viewId));

        // The lineage still walks from the materialized column to the source fields, the view's version marked dissolved.
        var column = await ScalarAsync<long>(
            "select id from lineage_node where kind = 'column' and qualified_name like '%policy_copy.holder' limit 1", viewId);
        var details = await steward.GetFromJsonAsync<JsonElement>($"/api/lineage/nodes/{column}");
        var versionNode = details.GetProperty("viewVersions").EnumerateArray().Single();
        Assert.Contains("\"dissolved\":true", versionNode.GetProperty("properties").GetString()!.Replace(" ", "", StringComparison.Ordinal));
        var upstream = await steward.GetFromJsonAsync<JsonElement>($"/api/lineage/nodes/{column}/upstream?depth=3");
        Assert.Contains(upstream.GetProperty("nodes").EnumerateArray(), n => n.GetRawText().Contains("holder", StringComparison.Ordinal)
            && n.GetRawText().Contains("\"field\"", StringComparison.Ordinal));

        // Only an admin restores; then it is listed and previewable again, and its lineage no longer marked.
        var stewardRestores = await steward.PostAsync($"/api/views/{viewId}/restore", null);
        Assert.Equal(HttpStatusCode.Forbidden, stewardRestores.StatusCode);
        var restored = await admin.PostAsync($"/api/views/{viewId}/restore", null);
        Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/views/{viewId}/restore", null)).StatusCode);
        Assert.Contains(await ViewIdsAsync(steward, "/api/views"), id => id == viewId);
        Assert.DoesNotContain(await ViewIdsAsync(steward, "/api/views?dissolved=true"), id => id == viewId);
        Assert.Equal(HttpStatusCode.OK, (await PreviewAsync(steward, viewId)).StatusCode);
        Assert.Equal(0L, await ScalarAsync<long>(
            "select count(*) from lineage_node where kind = 'view_version' and properties ->> 'viewId' = @id and properties ? 'dissolved'", viewId));

        // Every action and every refusal is in the audit trail.
        var audit = await AuditAsync(viewId);
        Assert.Contains(("view.dissolve", "ok"), audit);
        Assert.Contains(("view.dissolve", "denied"), audit);
        Assert.Contains(("view.restore", "ok"), audit);
        Assert.Contains(("view.restore", "denied"), audit);
        Assert.Contains(("preview.run", "denied"), audit);
        Assert.Contains(("approval.submit", "denied"), audit);
        Assert.Contains(("approval.approve", "denied"), audit);
        Assert.Contains(("materialize.enqueue", "denied"), audit);
        Assert.Equal(2L, await ScalarAsync<long>(
            "select count(*) from audit_event where action = 'access.denied' and (entity_id like '%/dissolve' or entity_id like '%/restore') and entity_id like '%' || @id || '%'", viewId));
    }

    [Fact]
    public async Task A_view_of_drafts_only_is_deleted_one_with_an_approved_version_is_refused_and_a_running_job_blocks_a_dissolve()
    {
        using var steward = await WorkbenchClient.SignedInAsync(_app, Roles.Steward);
        using var approver = await WorkbenchClient.SignedInAsync(_app, Roles.Approver);
        var spec = await _bed.CreatePolicySourcesAsync("delete");
        var draftOnly = await _bed.CreateViewAsync(spec with { Name = "Drafts only" });
        var approved = await _bed.ApprovedPolicyViewAsync("deleteapproved");

        Assert.True((await steward.GetFromJsonAsync<JsonElement>("/api/views")).EnumerateArray()
            .Single(v => v.GetProperty("id").GetGuid() == draftOnly).GetProperty("draftOnly").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await approver.DeleteAsync($"/api/views/{draftOnly}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PreviewAsync(steward, draftOnly)).StatusCode);
        var deleted = await steward.DeleteAsync($"/api/views/{draftOnly}");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await steward.GetAsync($"/api/views/{draftOnly}/spec")).StatusCode);
        Assert.Equal(0L, await ScalarAsync<long>("select count(*) from view_version where view_id = @viewId", draftOnly));
        Assert.Equal(0L, await ScalarAsync<long>("select count(*) from quality_run where view_id = @viewId", draftOnly));
        Assert.Equal(HttpStatusCode.NotFound, (await steward.DeleteAsync($"/api/views/{draftOnly}")).StatusCode);

        var refused = await steward.DeleteAsync($"/api/views/{approved}");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("dissolve it instead", await DetailAsync(refused));
        Assert.Equal("approved", await ScalarAsync<string>("select status from view_version where view_id = @viewId and version = 1", approved));

        // The database keeps the guard too: a reviewed view's versions are never deleted, whoever asks.
        await using (var connection = await _dataSource.OpenConnectionAsync())
        {
            var guard = await Assert.ThrowsAsync<PostgresException>(() =>
                connection.ExecuteAsync("delete from view_version where view_id = @approved", new { approved }));
            Assert.Contains("never deleted", guard.MessageText, StringComparison.Ordinal);
        }

        // A materialization job waiting in the queue blocks a dissolve (it is scheduled for later, so nobody runs it now).
        var jobId = await ScalarAsync<long>("""
            insert into job (key, kind, label, payload, state, max_attempts, run_at, created_by)
            values (gen_random_uuid(), 'materialize-view', 'waiting', jsonb_build_object('viewId', @id), 'scheduled', 1, now() + interval '1 day', 'test')
            returning id
            """, approved);
        var blocked = await DissolveAsync(steward, approved, "done");
        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        Assert.Contains($"materialization job {jobId} enqueued or running", await DetailAsync(blocked));
        await using (var connection = await _dataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("update job set state = 'cancelled', finished_at = now() where id = @jobId", new { jobId });
        Assert.Equal(HttpStatusCode.OK, (await DissolveAsync(steward, approved, "done")).StatusCode);

        Assert.Contains(("view.delete", "ok"), await AuditAsync(draftOnly));
        Assert.Contains(("view.delete", "denied"), await AuditAsync(draftOnly));
        Assert.Contains(("view.delete", "denied"), await AuditAsync(approved));
        Assert.Contains(("view.dissolve", "denied"), await AuditAsync(approved));
    }

    private static Task<HttpResponseMessage> PreviewAsync(HttpClient http, Guid viewId, bool fresh = false) =>
        http.PostAsync($"/api/views/{viewId}/preview" + (fresh ? "?fresh=true" : ""), null);

    private static Task<HttpResponseMessage> MoveAsync(HttpClient http, Guid viewId, int version, string action) =>
        http.PostAsJsonAsync($"/api/views/{viewId}/versions/{version}/{action}", new { comment = "ok" });

    private static Task<HttpResponseMessage> MaterializeAsync(HttpClient http, Guid viewId, int version) =>
        http.PostAsJsonAsync($"/api/views/{viewId}/versions/{version}/materialize", new { schema = "target", table = "policy_copy" });

    private static Task<HttpResponseMessage> DissolveAsync(HttpClient http, Guid viewId, string reason) =>
        http.PostAsJsonAsync($"/api/views/{viewId}/dissolve", new { reason });

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;

    private static async Task<IReadOnlyList<Guid>> ViewIdsAsync(HttpClient http, string url) =>
        (await http.GetFromJsonAsync<JsonElement>(url)).EnumerateArray().Select(v => v.GetProperty("id").GetGuid()).ToList();

    private async Task<T> ScalarAsync<T>(string sql, Guid viewId)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, new { viewId, id = viewId.ToString() }))!;
    }

    private async Task<IReadOnlyList<T>> ListAsync<T>(string sql, Guid viewId)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<T>(sql, new { viewId })).ToList();
    }

    private async Task<IReadOnlyList<(string Action, string Outcome)>> AuditAsync(Guid viewId)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<(string, string)>(
            "select action, outcome from audit_event where entity_id = @id order by id", new { id = viewId.ToString() })).ToList();
    }

    private static async Task<JsonElement> WaitForFinishAsync(HttpClient client, long jobId)
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
}
