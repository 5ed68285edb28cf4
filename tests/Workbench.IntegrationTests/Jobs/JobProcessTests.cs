using Workbench.Application.Accounts;
using Workbench.Core.Sql;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Workbench.Application.Audit;
using Workbench.Application.Jobs;
using Workbench.Application.Materialize;
using Workbench.IntegrationTests.Materialize;
using Workbench.Testing;
using Xunit;
using Xunit.Abstractions;
using Workbench.Core.Jobs;

namespace Workbench.IntegrationTests.Jobs;

/// <summary>The real workbench program and its <c>worker</c> command as Hangfire servers over one store.</summary>
public sealed class JobProcessTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> Fast = new()
    {
        ["Jobs:PollIntervalMs"] = "200",
        ["Jobs:SchedulePollIntervalMs"] = "200",
        ["Jobs:DispatchSweepSeconds"] = "0.5",
        ["Jobs:RetryBaseSeconds"] = "0.5",
        ["Jobs:RetryMaxSeconds"] = "1",
    };

    [Fact]
    public async Task A_process_killed_mid_materialization_leaves_the_destination_as_it_was_and_a_worker_finishes_the_job_once()
    {
        const int Rows = 1_000_000;
        var folder = Directory.CreateTempSubdirectory("workbench-jobcrash-").FullName;
        var connectionString = await TestPostgres.CreateDatabaseAsync("jobcrash");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        // The default invisibility timeout, so the wait measured here is the one a deployment sees.
        var settings = new Dictionary<string, string>(Fast) { ["Sources:FilesFolder"] = folder };
        var first = await WorkbenchProcess.StartAsync(connectionString, settings);
        var bed = new MaterializeTestbed(dataSource, connectionString, folder);
        var destination = new TableName("target", "crash_dst");
        long id;
        DateTime killedAt;
        try
        {
            var viewId = await bed.CreateViewAsync(await bed.CreateLargeViewAsync("crash", Rows));
            await bed.ApproveAsync(viewId);
            await ExecuteAsync(dataSource, "create schema target; create table target.crash_dst (k text, v text); insert into target.crash_dst values ('old1', 'x'), ('old2', 'y')");
            using var steward = await WorkbenchClient.SignedInAsync(first, Roles.Steward);
            var accepted = await steward.PostAsJsonAsync($"/api/views/{viewId}/versions/1/materialize", new { schema = destination.Schema, table = destination.Name });
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            id = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("jobId").GetInt64();

            var seen = await WaitForAsync(dataSource, id, j => j.State == JobState.Processing && j.ProgressDone >= 100_000, TimeSpan.FromSeconds(240));
            first.Kill();
            killedAt = DateTime.UtcNow;
            Assert.True(seen.ProgressDone < Rows, $"The copy had finished ({seen.ProgressDone} rows) before the kill.");
        }
        finally
        {
            await first.DisposeAsync();
        }
        // PostgreSQL rolled the killed copy back: the destination is as it was.
        Assert.Equal(["old1", "old2"], await TextsAsync(dataSource, "select k from target.crash_dst order by k"));

        await using var worker = await WorkbenchProcess.StartWorkerAsync(connectionString, settings);
        var restarted = await WaitForAsync(dataSource, id, j => j.Attempts == 2, TimeSpan.FromSeconds(180));
        var attempts = await new JobStore(dataSource, new JobOptions()).AttemptsAsync(id);
        output.WriteLine($"The job ran again {(attempts[1].StartedAt.UtcDateTime - killedAt).TotalSeconds:0.0} s after its process was killed (invisibility timeout {new JobOptions().InvisibilityTimeoutSeconds} s).");
        var job = await WaitForAsync(dataSource, id, j => j.State.IsFinished(), TimeSpan.FromSeconds(300));

        Assert.True(job.State == JobState.Succeeded, $"Job ended {job.State}: {job.Error}\n{worker.Output}");
        Assert.Equal(2, restarted.Attempts);
        var (count, distinct, old) = await ScalarsAsync(dataSource,
            "select count(*), count(distinct k), count(*) filter (where k like 'old%') from target.crash_dst");
        Assert.Equal((Rows, Rows, 0L), (count, distinct, old));
        attempts = await new JobStore(dataSource, new JobOptions()).AttemptsAsync(id);
        Assert.Equal([AttemptOutcome.Abandoned, AttemptOutcome.Succeeded], attempts.Select(a => a.Outcome));
        Assert.NotEqual(attempts[0].Worker.Split('/')[0], attempts[1].Worker.Split('/')[0]);
        var key = job.Key;
        Assert.Equal(1L, await ScalarAsync(dataSource, $"select count(*) from target.workbench_job_effect where job_key = '{key}'"));
        Assert.Equal(1L, await ScalarAsync(dataSource, $"select count(*) from lineage_run where run_id = '{key}'"));
        Assert.Equal(1L, await ScalarAsync(dataSource, $"select count(*) from audit_event where action = 'materialize.complete' and details->>'jobId' = '{id}'"));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Two_worker_processes_on_one_store_run_twenty_jobs_each_once_and_both_take_some()
    {
        const int Jobs = 20, SourceRows = 200_000;
        var connectionString = await TestPostgres.CreateDatabaseAsync("jobtwoworkers");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var workers = await Task.WhenAll(WorkbenchProcess.StartWorkerAsync(connectionString, Fast), WorkbenchProcess.StartWorkerAsync(connectionString, Fast));
        try
        {
            await ExecuteAsync(dataSource, $"create table shared_src as select generate_series(1, {SourceRows}) as id");
            var dispatcher = TestJobs.Dispatcher(dataSource);
            var ids = new List<long>();
            for (var i = 0; i < Jobs; i++)
            {
                await ExecuteAsync(dataSource, $"create table shared_dst_{i} (id int)");
                ids.Add(await EnqueueCopyAsync(dispatcher, "shared_src", $"shared_dst_{i}", WriteMode.Append));
            }

            foreach (var id in ids)
            {
                var job = await WaitForAsync(dataSource, id, j => j.State.IsFinished(), TimeSpan.FromSeconds(240));
                Assert.True(job.State == JobState.Succeeded, $"Job {id} ended {job.State}: {job.Error}");
            }
            for (var i = 0; i < Jobs; i++)
                Assert.Equal((long)SourceRows, await ScalarAsync(dataSource, $"select count(*) from shared_dst_{i}"));
            Assert.Equal((long)Jobs, await ScalarAsync(dataSource, "select count(*) from job_attempt where outcome = 'succeeded'"));
            Assert.Equal((long)Jobs, await ScalarAsync(dataSource, "select count(*) from job_attempt"));
            var byProcess = await TextsAsync(dataSource, "select split_part(worker, '/', 1) || ' ' || count(*) from job_attempt group by split_part(worker, '/', 1) order by 1");
            output.WriteLine(string.Join("; ", byProcess));
            var processes = workers.Select(w => $":{w.ProcessId} ").ToList();
            Assert.All(processes, p => Assert.Contains(byProcess, line => line.Contains(p, StringComparison.Ordinal)));
        }
        finally
        {
            foreach (var worker in workers)
                await worker.DisposeAsync();
        }
    }

    [Fact]
    public async Task Hangfire_retries_a_transient_failure_after_the_back_off_and_never_a_permanent_one()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("jobretries");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var worker = await WorkbenchProcess.StartWorkerAsync(connectionString, Fast);
        // The destination refuses the first COPY (a sequence does not roll back with it), then takes the rows.
        await ExecuteAsync(dataSource, """
            create table flaky_src as select generate_series(1, 1000) as id;
            create table flaky_dst (id int);
            create sequence flaky_tries;
            create function flaky_once() returns trigger language plpgsql as $$
            begin
                if nextval('flaky_tries') = 1 then raise exception 'the destination is busy'; end if;
                return null;
            end $$;
            create trigger flaky before insert on flaky_dst for each statement execute function flaky_once();
            """);
        var dispatcher = TestJobs.Dispatcher(dataSource);

        var transient = await EnqueueCopyAsync(dispatcher, "flaky_src", "flaky_dst");
        var permanent = await EnqueueCopyAsync(dispatcher, "no_such_table", "flaky_dst");

        var recovered = await WaitForAsync(dataSource, transient, j => j.State.IsFinished(), TimeSpan.FromSeconds(120));
        Assert.True(recovered.State == JobState.Succeeded, $"{recovered.State}: {recovered.Error}\n{worker.Output}");
        Assert.Equal([AttemptOutcome.Failed, AttemptOutcome.Succeeded], (await dispatcher.Store.AttemptsAsync(transient)).Select(a => a.Outcome));
        Assert.Contains("the destination is busy", (await dispatcher.Store.AttemptsAsync(transient))[0].Error);
        Assert.Equal(1000L, await ScalarAsync(dataSource, "select count(*) from flaky_dst"));

        var failed = await WaitForAsync(dataSource, permanent, j => j.State.IsFinished(), TimeSpan.FromSeconds(120));
        Assert.Equal((JobState.Failed, 1), (failed.State, failed.Attempts));
        Assert.Contains("no_such_table does not exist", failed.Error);
        // Hangfire keeps it failed, with the reason, and schedules nothing more.
        var hangfireState = await TextsAsync(dataSource, $"select statename from hangfire.job where id = {failed.DispatchId}");
        Assert.Equal(["Failed"], hangfireState);
        Assert.Equal([AttemptOutcome.Failed], (await dispatcher.Store.AttemptsAsync(permanent)).Select(a => a.Outcome));
    }

    [Fact]
    public async Task The_http_api_lists_cancels_retries_and_deletes_jobs_and_audits_each_action()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("jobapi");
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var app = await WorkbenchProcess.StartAsync(connectionString, new Dictionary<string, string> { ["Jobs:WorkerCount"] = "0" });
        var steward = await TestAccounts.CreateAsync(connectionString, TestAccounts.UniqueName("jobs"), null, Roles.Steward);
        using var http = await WorkbenchClient.SignedInAsync(app, steward);
        var id = await EnqueueCopyAsync(TestJobs.Dispatcher(dataSource), "api_src", "api_dst");

        using var approver = await WorkbenchClient.SignedInAsync(app, Roles.Approver);
        Assert.Equal(HttpStatusCode.Forbidden, (await approver.PostAsync($"/api/jobs/{id}/cancel", null)).StatusCode);
        using var anonymous = WorkbenchClient.Anonymous(app);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/jobs")).StatusCode);

        var list = await http.GetFromJsonAsync<JsonElement>("/api/jobs?state=enqueued");
        Assert.Equal(1, list.GetProperty("counts").GetProperty("enqueued").GetInt32());
        Assert.Equal(id, list.GetProperty("jobs")[0].GetProperty("id").GetInt64());
        Assert.Equal(HttpStatusCode.Conflict, (await http.DeleteAsync($"/api/jobs/{id}")).StatusCode);
        var dispatch = list.GetProperty("jobs")[0].GetProperty("dispatchId").GetString();
        Assert.NotNull(dispatch);

        var cancelled = await http.PostAsync($"/api/jobs/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsync($"/api/jobs/{id}/cancel", null)).StatusCode);
        // The waiting Hangfire job was taken back.
        Assert.Equal(["Deleted"], await TextsAsync(dataSource, $"select statename from hangfire.job where id = {dispatch}"));

        var retried = await http.PostAsync($"/api/jobs/{id}/retry", null);
        var again = await retried.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("enqueued", again.GetProperty("state").GetString());
        Assert.NotEqual(dispatch, again.GetProperty("dispatchId").GetString());
        var detail = await http.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}");
        Assert.Equal("api_dst", detail.GetProperty("job").GetProperty("payload").GetProperty("destination").GetProperty("name").GetString());

        await http.PostAsync($"/api/jobs/{id}/cancel", null);
        Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/api/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/jobs?state=bogus")).StatusCode);
        var actions = await TextsAsync(dataSource,
            $"select action from audit_event where entity_kind = 'job' and actor = '{steward.UserName}' order by id");
        Assert.Equal(["job.cancel", "job.retry", "job.cancel", "job.delete"], actions);
    }

    private static async Task<long> EnqueueCopyAsync(JobDispatcher dispatcher, string source, string destination, WriteMode mode = WriteMode.Replace)
    {
        var actor = new SystemActor("tester");
        var payload = new TableCopyPayload(new TableName("public", source), new TableName("public", destination), mode);
        var id = await dispatcher.Store.EnqueueAsync(
            new JobRequest(TableCopyJob.KindName, payload, $"{source} → {destination}"), actor, new AuditLog(dispatcher.Store.DataSource, actor));
        await dispatcher.DispatchAsync(id);
        return id;
    }

    private static async Task<JobRecord> WaitForAsync(NpgsqlDataSource dataSource, long id, Func<JobRecord, bool> condition, TimeSpan timeout)
    {
        var store = new JobStore(dataSource, new JobOptions());
        var deadline = DateTime.UtcNow + timeout;
        JobRecord? job = null;
        while (DateTime.UtcNow < deadline)
        {
            job = await store.GetAsync(id);
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

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    private static async Task<(long, long, long)> ScalarsAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<(long, long, long)>(sql);
    }

    private static async Task<IReadOnlyList<string>> TextsAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.QueryAsync<string>(sql);
    }
}
