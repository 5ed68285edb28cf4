using System.Collections.Concurrent;
using Workbench.Application.Jobs;
using Workbench.Testing;
using Xunit;
using Workbench.Core.Jobs;

namespace Workbench.IntegrationTests.Jobs;

public sealed class JobRunnerTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    [Fact]
    public async Task A_run_finds_the_attempt_a_dead_process_left_open_closes_it_as_abandoned_and_runs_the_job()
    {
        var kit = new JobTestKit(db.DataSource, [new ScriptedHandler("revived", (c, _) => { c.SetResult(new { ok = true }); return Task.CompletedTask; })]);
        var id = await kit.EnqueueAsync("revived");
        // A process started the job and died: its attempt is open and the job says processing.
        var dead = await kit.Store.StartAsync(id, "41", "elsewhere:1/41");
        Assert.NotNull(dead);

        // Hangfire fetches the same Hangfire job again after the invisibility timeout.
        await kit.Runner().RunAsync(id, "41", CancellationToken.None);

        var job = (await kit.Store.GetAsync(id))!;
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(2, job.Attempts);
        Assert.Equal(["abandoned", "succeeded"], await kit.OutcomesAsync(id));
        await Assert.ThrowsAsync<AttemptSupersededException>(() => kit.Store.CompleteAsync(dead!, null));
    }

    [Fact]
    public async Task A_dispatch_that_is_not_the_jobs_own_runs_nothing()
    {
        var runs = 0;
        var kit = new JobTestKit(db.DataSource, [new ScriptedHandler("once", (_, _) => { runs++; return Task.CompletedTask; })]);
        var id = await kit.EnqueueAsync("once");
        Assert.True(await kit.Store.DispatchAsync(id, (_, _) => Task.FromResult("100"), _ => Task.CompletedTask));
        Assert.False(await kit.Store.DispatchAsync(id, (_, _) => Task.FromResult("101"), _ => Task.CompletedTask));

        await kit.Runner().RunAsync(id, "99", CancellationToken.None);
        Assert.Equal(0, runs);
        await kit.Runner().RunAsync(id, "100", CancellationToken.None);
        await kit.Runner().RunAsync(id, "100", CancellationToken.None);

        Assert.Equal(1, runs);
        Assert.Equal(JobState.Succeeded, (await kit.Store.GetAsync(id))!.State);
        Assert.Equal("100", (await kit.Store.GetAsync(id))!.DispatchId);
    }

    [Fact]
    public async Task A_cancel_does_not_wait_for_a_dispatch_in_progress_and_the_dispatch_is_taken_back()
    {
        var kit = new JobTestKit(db.DataSource, [new ScriptedHandler("slow-dispatch", (_, _) => Task.CompletedTask)]);
        var id = await kit.EnqueueAsync("slow-dispatch");
        var hangfireCalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hangfireAnswers = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var withdrawn = new List<string>();
        var dispatching = kit.Store.DispatchAsync(id, (_, _) => { hangfireCalled.SetResult(); return hangfireAnswers.Task; },
            d => { withdrawn.Add(d); return Task.CompletedTask; });
        await hangfireCalled.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Hangfire's client has not answered; the job's row is free, so the cancel completes now.
        Assert.True(await kit.CancelAsync(id).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(await kit.Store.DispatchAsync(id, (_, _) => Task.FromResult("201"), _ => Task.CompletedTask));
        hangfireAnswers.SetResult("200");

        Assert.False(await dispatching);
        Assert.Equal(["200"], withdrawn);
        Assert.Equal(JobState.Cancelled, (await kit.Store.GetAsync(id))!.State);
    }

    [Fact]
    public async Task A_run_that_starts_before_its_dispatch_is_recorded_takes_the_job_once()
    {
        var runs = 0;
        var kit = new JobTestKit(db.DataSource, [new ScriptedHandler("fast-pickup", (_, _) => { runs++; return Task.CompletedTask; })]);
        var id = await kit.EnqueueAsync("fast-pickup");

        var withdrawn = new List<string>();

        // Hangfire's worker fetches and runs the job before its client call has returned to the dispatcher.
        Assert.True(await kit.Store.DispatchAsync(id, async (_, _) =>
        {
            await kit.Runner().RunAsync(id, "300", CancellationToken.None);
            return "300";
        }, d => { withdrawn.Add(d); return Task.CompletedTask; }));
        await kit.Runner().RunAsync(id, "300", CancellationToken.None);

        Assert.Equal(1, runs);
        Assert.Empty(withdrawn);
        var job = (await kit.Store.GetAsync(id))!;
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal("300", job.DispatchId);
    }

    [Fact]
    public async Task A_claim_left_by_a_dispatcher_that_died_is_dispatched_again_once_it_is_stale()
    {
        var kit = new JobTestKit(db.DataSource, [new ScriptedHandler("orphan", (_, _) => Task.CompletedTask)]);
        var fresh = await kit.EnqueueAsync("orphan");
        var stale = await kit.EnqueueAsync("orphan");
        await using (var connection = await db.DataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("update \"job\" set \"dispatch_id\" = @claim, \"updated_at\" = now() where \"id\" = @fresh",
                new { claim = DispatchClaim.New(), fresh });
            await connection.ExecuteAsync("update \"job\" set \"dispatch_id\" = @claim, \"updated_at\" = now() - interval '2 minutes' where \"id\" = @stale",
                new { claim = DispatchClaim.New(), stale });
        }

        var waiting = await kit.Store.UndispatchedAsync();
        Assert.Contains(stale, waiting);
        Assert.DoesNotContain(fresh, waiting);
        Assert.False(await kit.Store.DispatchAsync(fresh, (_, _) => Task.FromResult("401"), _ => Task.CompletedTask));
        Assert.True(await kit.Store.DispatchAsync(stale, (_, _) => Task.FromResult("400"), _ => Task.CompletedTask));
        Assert.Equal("400", (await kit.Store.GetAsync(stale))!.DispatchId);
    }

    [Fact]
    public async Task A_transient_failure_is_retried_with_backoff_until_it_succeeds()
    {
        var failures = 0;
        var handler = new ScriptedHandler("flaky", (_, _) =>
            ++failures <= 2 ? throw new TimeoutException("The destination did not answer.") : Task.CompletedTask);
        var kit = new JobTestKit(db.DataSource, [handler]);
        var id = await kit.EnqueueAsync("flaky");

        var job = await kit.RunUntilFinishedAsync(id);

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(3, job.Attempts);
        Assert.Null(job.Error);
        Assert.Equal(["failed", "failed", "succeeded"], await kit.OutcomesAsync(id));
        Assert.All((await kit.Store.AttemptsAsync(id)).Take(2), a => Assert.Contains("The destination did not answer.", a.Error));
    }

    [Fact]
    public async Task A_job_failing_every_attempt_fails_after_the_last_one_and_keeps_its_error()
    {
        var handler = new ScriptedHandler("broken", (c, _) => throw new InvalidOperationException($"boom on attempt {c.Attempt}"));
        var kit = new JobTestKit(db.DataSource, [handler]);
        var id = await kit.EnqueueAsync("broken", maxAttempts: 3);

        var job = await kit.RunUntilFinishedAsync(id);

        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal(3, job.Attempts);
        Assert.Contains("boom on attempt 3", job.Error);
        Assert.NotNull(job.FinishedAt);
        Assert.Equal(["failed", "failed", "failed"], await kit.OutcomesAsync(id));
    }

    [Fact]
    public async Task A_permanent_failure_is_not_retried()
    {
        var kit = new JobTestKit(db.DataSource, [new ScriptedHandler("bad-payload", (c, _) => Task.FromResult(c.Payload<int[]>()))]);
        var id = await kit.EnqueueAsync("bad-payload", new { not = "an array" });

        var job = await kit.RunUntilFinishedAsync(id);

        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal(1, job.Attempts);
        Assert.Contains("payload", job.Error);
    }

    [Fact]
    public async Task An_unknown_kind_fails_with_a_clear_error()
    {
        var kit = new JobTestKit(db.DataSource, []);
        var id = await kit.EnqueueAsync("no-such-kind");

        var job = await kit.RunUntilFinishedAsync(id);

        Assert.Equal(JobState.Failed, job.State);
        Assert.Contains("No handler for job kind 'no-such-kind'", job.Error);
    }

    [Fact]
    public async Task Cancel_stops_a_running_job_at_its_next_batch()
    {
        var started = new TaskCompletionSource();
        var batches = 0;
        var handler = new ScriptedHandler("long", async (c, ct) =>
        {
            for (batches = 0; batches < 10_000; batches++)
            {
                await c.ReportProgressAsync(batches * 100, 1_000_000, ct);
                started.TrySetResult();
                await Task.Delay(10, ct);
            }
        });
        var kit = new JobTestKit(db.DataSource, [handler]);
        var id = await kit.EnqueueAsync("long");
        var run = kit.RunUntilFinishedAsync(id);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(await kit.CancelAsync(id));
        var job = await run;

        Assert.Equal(JobState.Cancelled, job.State);
        Assert.InRange(batches, 1, 9_999);
        Assert.True(job.ProgressDone > 0);
        Assert.Equal(["cancelled"], await kit.OutcomesAsync(id));
        Assert.Equal(1, await kit.AuditCountAsync("job.cancel", id));
    }

    [Fact]
    public async Task Cancelling_a_waiting_job_cancels_it_without_running_it()
    {
        var ran = false;
        var kit = new JobTestKit(db.DataSource, [new ScriptedHandler("waiting", (_, _) => { ran = true; return Task.CompletedTask; })]);
        var id = await kit.Store.EnqueueAsync(new JobRequest("waiting", new { }, RunAt: DateTimeOffset.UtcNow.AddHours(1)), kit.Actor, kit.Audit);
        Assert.Equal(JobState.Scheduled, (await kit.Store.GetAsync(id))!.State);

        Assert.True(await kit.CancelAsync(id));

        Assert.Equal(JobState.Cancelled, (await kit.Store.GetAsync(id))!.State);
        Assert.False(await kit.CancelAsync(id));
        Assert.False(ran);
    }

    [Fact]
    public async Task Shutdown_returns_the_running_job_to_the_queue_without_spending_an_attempt()
    {
        var started = new TaskCompletionSource();
        var handler = new ScriptedHandler("interruptible", async (c, ct) =>
        {
            while (true)
            {
                await c.ReportProgressAsync(1, null, ct);
                started.TrySetResult();
                await Task.Delay(10, ct);
            }
        });
        var kit = new JobTestKit(db.DataSource, [handler]);
        var id = await kit.EnqueueAsync("interruptible");
        using var stopping = new CancellationTokenSource();
        var run = kit.Runner().RunAsync(id, null, stopping.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await stopping.CancelAsync();
        // Thrown on to Hangfire, which puts its job back in the queue.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        var job = (await kit.Store.GetAsync(id))!;
        Assert.Equal(JobState.Enqueued, job.State);
        Assert.Equal(0, job.Attempts);
        Assert.Null(job.DispatchId);
        Assert.Equal(["interrupted"], await kit.OutcomesAsync(id));
    }

    [Fact]
    public async Task Retry_runs_a_failed_job_again_and_delete_removes_only_finished_jobs()
    {
        var fail = true;
        var kit = new JobTestKit(db.DataSource, [new ScriptedHandler("retry-me", (_, _) => fail ? throw new InvalidOperationException("down") : Task.CompletedTask)]);
        var id = await kit.EnqueueAsync("retry-me", maxAttempts: 1);
        Assert.Equal(JobState.Failed, (await kit.RunUntilFinishedAsync(id)).State);

        fail = false;
        Assert.True(await kit.RetryAsync(id));
        Assert.False(await kit.DeleteAsync(id));
        var job = await kit.RunUntilFinishedAsync(id);

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(["failed", "succeeded"], await kit.OutcomesAsync(id));
        Assert.False(await kit.RetryAsync(id));
        Assert.True(await kit.DeleteAsync(id));
        Assert.Null(await kit.Store.GetAsync(id));
        Assert.Equal(1, await kit.AuditCountAsync("job.enqueue", id));
        Assert.Equal(1, await kit.AuditCountAsync("job.retry", id));
        Assert.Equal(1, await kit.AuditCountAsync("job.delete", id));
    }

    [Fact]
    public async Task A_job_whose_processes_keep_dying_fails_once_its_attempts_are_spent()
    {
        var kit = new JobTestKit(db.DataSource, []);
        var id = await kit.EnqueueAsync("crashing", maxAttempts: 2);
        Assert.NotNull(await kit.Store.StartAsync(id, null, "dies:1/x"));
        Assert.NotNull(await kit.Store.StartAsync(id, null, "dies:2/x"));

        Assert.Null(await kit.Store.StartAsync(id, null, "survivor:3/x"));

        var job = (await kit.Store.GetAsync(id))!;
        Assert.Equal(JobState.Failed, job.State);
        Assert.Contains("attempted 2 times", job.Error);
        Assert.Equal(["abandoned", "abandoned"], await kit.OutcomesAsync(id));
    }

    [Fact]
    public async Task Counts_cover_every_state()
    {
        var kit = new JobTestKit(db.DataSource, []);
        await kit.Store.EnqueueAsync(new JobRequest("counted", new { }, RunAt: DateTimeOffset.UtcNow.AddHours(1)), kit.Actor, kit.Audit);

        var counts = await kit.Store.CountsAsync();

        Assert.Equal(JobStates.All.Order(), counts.Keys.Order());
        Assert.True(counts[JobState.Scheduled] >= 1);
    }
}
