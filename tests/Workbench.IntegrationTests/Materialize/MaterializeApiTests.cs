using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Workbench.Core.Sql;
using Workbench.Application.Accounts;
using Workbench.Application.Jobs;
using Workbench.Testing;
using Xunit;
using Workbench.Core.Jobs;

namespace Workbench.IntegrationTests.Materialize;

/// <summary>POST /api/views/{id}/versions/{version}/materialize on the real workbench, whose own workers run the job.</summary>
public sealed class MaterializeApiTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("workbench-materialize-api-").FullName;
    private NpgsqlDataSource _dataSource = null!;
    private WorkbenchProcess _app = null!;
    private MaterializeTestbed _bed = null!;

    public async Task InitializeAsync()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("materializeapi");
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _app = await WorkbenchProcess.StartAsync(connectionString, new Dictionary<string, string>
        {
            ["Sources:FilesFolder"] = _folder,
            ["Jobs:PollIntervalMs"] = "200",
        });
        _bed = new MaterializeTestbed(_dataSource, connectionString, _folder);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _dataSource.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_steward_starts_the_job_for_an_approved_version_and_the_workbench_writes_the_table()
    {
        // Signed in first: the app then holds its data-protection key before the bed encrypts the sources' secrets with
        // it, instead of the bed making a key of its own that the app, had it loaded its key ring already, would not know.
        using var steward = await WorkbenchClient.SignedInAsync(_app, Roles.Steward);
        using var approver = await WorkbenchClient.SignedInAsync(_app, Roles.Approver);
        var viewId = await _bed.CreateViewAsync(await _bed.CreatePolicySourcesAsync("api"));
        var body = new { schema = "target", table = "Policy \"Copy\"; drop table x; --", mode = "replace" };
        var url = $"/api/views/{viewId}/versions/1/materialize";

        var draft = await steward.PostAsJsonAsync(url, body);
        Assert.Equal(HttpStatusCode.Conflict, draft.StatusCode);
        Assert.Contains("Version 1 is draft; only approved versions are materialized.", await draft.Content.ReadAsStringAsync());

        await _bed.ApproveAsync(viewId);
        Assert.Equal(HttpStatusCode.Forbidden, (await approver.PostAsJsonAsync(url, body)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await steward.PostAsJsonAsync(url, body with { schema = "public" })).StatusCode);
        var gone = await steward.PostAsJsonAsync(url, new { schema = "target", table = "policy", destinationSourceId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.BadRequest, gone.StatusCode);
        Assert.Equal("The destination source no longer exists.", (await gone.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await steward.PostAsJsonAsync($"/api/views/{viewId}/versions/9/materialize", body)).StatusCode);

        var accepted = await steward.PostAsJsonAsync(url, body);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var jobId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt64();
        Assert.Equal($"/api/jobs/{jobId}", accepted.Headers.Location?.OriginalString);
        var job = await WaitForFinishAsync(steward, jobId);
        Assert.True(job.GetProperty("state").GetString() == "succeeded", job.ToString());
        Assert.Equal("materialize-view", job.GetProperty("kind").GetString());
        Assert.Equal((3, 1), (job.GetProperty("result").GetProperty("rowsWritten").GetInt64(), job.GetProperty("result").GetProperty("rowsRejected").GetInt64()));
        Assert.Equal(MaterializeTestbed.ExpectedRows, await _bed.RowsAsync(new TableName(body.schema, body.table)));

        // rejects: fail, asked for by the body, fails the job on P4's date and writes nothing.
        var failing = await steward.PostAsJsonAsync(url, new { schema = "target", table = "policy_strict", mode = "replace", rejects = "fail" });
        var failed = await WaitForFinishAsync(steward, (await failing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt64());
        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.StartsWith("1 row was rejected (rejects: fail), so nothing was written: key P4: start_date: transform failed", failed.GetProperty("error").GetString());
    }

    private static async Task<JsonElement> WaitForFinishAsync(HttpClient client, long jobId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = (await client.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}")).GetProperty("job");
            if (JobStates.ParseState(job.GetProperty("state").GetString()!).IsFinished() || DateTime.UtcNow > deadline)
                return job;
            await Task.Delay(100);
        }
    }
}
