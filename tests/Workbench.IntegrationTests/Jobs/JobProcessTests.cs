using Workbench.Application.Accounts;
using Workbench.Core.Sql;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using Workbench.Application.Audit;
using Workbench.Application.Jobs;
using Workbench.Application.Materialize;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Jobs;

/// <summary>The real workbench program as worker processes over one store.</summary>
public sealed class JobProcessTests
{
    private static readonly Dictionary<string, string> FastLeases = new()
    {
        ["Jobs:LeaseSeconds"] = "3",
        ["Jobs:HeartbeatSeconds"] = "1",
        ["Jobs:PollIntervalMs"] = "200",
        ["Jobs:RetryBaseSeconds"] = "0.2",
    };

    [Fact]
    public async Task A_worker_killed_mid_copy_leaves_nothing_and_a_new_process_completes_the_job_exactly_once()
    {
        const long Rows = 1_000_000;
        var connectionString = await TestPostgres.CreateDatabaseAsync("jobcrash");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var first = await WorkbenchProcess.StartAsync(connectionString, FastLeases);
        long id;
        try
        {
            await ExecuteAsync(dataSource, $"""
                create table crash_src as select g::bigint as id, 'policy ' || g as holder, (g % 1000) * 1.25 as premium
                    from generate_series(1, {Rows}) g;
                create table crash_dst (id bigint, holder text, premium numeric);
                """);
            id = await EnqueueCopyAsync(dataSource, "crash_src", "crash_dst");

            var seen = await WaitForAsync(dataSource, id, j => j.State == JobState.Processing && j.ProgressDone >= 100_000, TimeSpan.FromSeconds(120));
            first.Kill();
            Assert.True(seen.ProgressDone < Rows, $"The copy had finished ({seen.ProgressDone} rows) before the kill.");
        }
        finally
        {
            await first.DisposeAsync();
        }
        Assert.Equal(0L, await ScalarAsync<long>(dataSource, "select count(*) from crash_dst"));

        await using var second = await WorkbenchProcess.StartAsync(connectionString, FastLeases);
        var job = await WaitForAsync(dataSource, id, j => JobState.IsFinished(j.State), TimeSpan.FromSeconds(180));

        Assert.True(job.State == JobState.Succeeded, $"Job ended {job.State}: {job.Error}\n{second.Output}");
        var (count, distinct, sum) = await ScalarAsync<(long, long, decimal)>(dataSource, "select count(*), count(distinct id), sum(id) from crash_dst");
        Assert.Equal((Rows, Rows, Rows * (Rows + 1) / 2m), (count, distinct, sum));
        var attempts = await new JobQueue(dataSource, new JobOptions()).AttemptsAsync(id);
        Assert.Equal(["abandoned", "succeeded"], attempts.Select(a => a.Outcome));
        Assert.NotEqual(attempts[0].Worker.Split('/')[0], attempts[1].Worker.Split('/')[0]);
        Assert.Contains($"\"rowsWritten\": {Rows}", job.Result);
    }

    [Fact]
    public async Task Two_instances_sharing_one_store_run_each_job_once()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("jobtwoinstances");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var instances = await Task.WhenAll(WorkbenchProcess.StartAsync(connectionString, FastLeases), WorkbenchProcess.StartAsync(connectionString, FastLeases));
        try
        {
            await ExecuteAsync(dataSource, "create table shared_src as select generate_series(1, 20000) as id");
            var ids = new List<long>();
            for (var i = 0; i < 10; i++)
            {
                await ExecuteAsync(dataSource, $"create table shared_dst_{i} (id int)");
                ids.Add(await EnqueueCopyAsync(dataSource, "shared_src", $"shared_dst_{i}", WriteMode.Append));
            }

            foreach (var id in ids)
                Assert.Equal(JobState.Succeeded, (await WaitForAsync(dataSource, id, j => JobState.IsFinished(j.State), TimeSpan.FromSeconds(120))).State);

            for (var i = 0; i < ids.Count; i++)
                Assert.Equal(20_000L, await ScalarAsync<long>(dataSource, $"select count(*) from shared_dst_{i}"));
            var attempts = await ScalarAsync<long>(dataSource, "select count(*) from job_attempt");
            Assert.Equal(ids.Count, attempts);
        }
        finally
        {
            foreach (var instance in instances)
                await instance.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_http_api_lists_cancels_retries_and_deletes_jobs_and_audits_each_action()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("jobapi");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var app = await WorkbenchProcess.StartAsync(connectionString, new Dictionary<string, string> { ["Jobs:WorkerCount"] = "0" });
        var steward = await TestAccounts.CreateAsync(connectionString, TestAccounts.UniqueName("jobs"), null, Roles.Steward);
        using var http = await WorkbenchClient.SignedInAsync(app, steward);
        var id = await EnqueueCopyAsync(dataSource, "api_src", "api_dst");

        using var approver = await WorkbenchClient.SignedInAsync(app, Roles.Approver);
        Assert.Equal(HttpStatusCode.Forbidden, (await approver.PostAsync($"/api/jobs/{id}/cancel", null)).StatusCode);
        using var anonymous = WorkbenchClient.Anonymous(app);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/jobs")).StatusCode);

        var list = await http.GetFromJsonAsync<JsonElement>("/api/jobs?state=enqueued");
        Assert.Equal(1, list.GetProperty("counts").GetProperty("enqueued").GetInt32());
        Assert.Equal(id, list.GetProperty("jobs")[0].GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.Conflict, (await http.DeleteAsync($"/api/jobs/{id}")).StatusCode);

        var cancelled = await http.PostAsync($"/api/jobs/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsync($"/api/jobs/{id}/cancel", null)).StatusCode);

        var retried = await http.PostAsync($"/api/jobs/{id}/retry", null);
        Assert.Equal("enqueued", (await retried.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        var detail = await http.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}");
        Assert.Equal("api_dst", detail.GetProperty("job").GetProperty("payload").GetProperty("destination").GetProperty("name").GetString());

        await http.PostAsync($"/api/jobs/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/api/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/jobs?state=bogus")).StatusCode);
        await using var connection = await dataSource.OpenConnectionAsync();
        var actions = (await connection.QueryAsync<string>(
            "select action from audit_event where entity_kind = 'job' and actor = @actor order by id", new { actor = steward.UserName })).ToList();
        Assert.Equal(["job.cancel", "job.retry", "job.cancel", "job.delete"], actions);
    }

    private static Task<long> EnqueueCopyAsync(NpgsqlDataSource dataSource, string source, string destination, WriteMode mode = WriteMode.Replace)
    {
        var actor = new SystemActor("tester");
        var payload = new TableCopyPayload(new TableName("public", source), new TableName("public", destination), mode);
        return new JobQueue(dataSource, new JobOptions()).EnqueueAsync(
            new JobRequest(TableCopyJob.KindName, payload, $"{source} → {destination}"), actor, new AuditLog(dataSource, actor));
    }

    private static async Task<JobRecord> WaitForAsync(NpgsqlDataSource dataSource, long id, Func<JobRecord, bool> condition, TimeSpan timeout)
    {
        var queue = new JobQueue(dataSource, new JobOptions());
        var deadline = DateTime.UtcNow + timeout;
        JobRecord? job = null;
        while (DateTime.UtcNow < deadline)
        {
            job = await queue.GetAsync(id);
            if (job is not null && condition(job))
                return job;
            await Task.Delay(50);
        }
        throw new TimeoutException($"Job {id} did not reach the expected state; last seen {job?.State} at {job?.ProgressDone} rows, error {job?.Error}.");
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(sql, commandTimeout: 300);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<T>(sql);
    }
}
