using System.Collections.Concurrent;
using Dapper;
using Workbench.Application.Jobs;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Jobs;

public sealed class JobQueueTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    [Fact]
    public async Task Concurrent_claimers_never_take_the_same_job()
    {
        var kind = "exclusive-" + Guid.NewGuid().ToString("N")[..6];
        var kit = new JobTestKit(db.DataSource, []);
        var ids = new List<long>();
        for (var i = 0; i < 30; i++)
            ids.Add(await kit.EnqueueAsync(kind));

        var claims = new ConcurrentBag<long>();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            while (await kit.Queue.ClaimAsync($"worker-{w}") is { } job)
                claims.Add(job.Id);
        })));

        var mine = claims.Where(ids.Contains).ToList();
        Assert.Equal(ids.Count, mine.Count);
        Assert.Equal(ids.Order(), mine.Order());
    }

    [Fact]
    public async Task A_job_whose_lease_expired_is_claimed_again_and_the_old_worker_can_no_longer_complete_it()
    {
        var kit = new JobTestKit(db.DataSource, []);
        var id = await kit.EnqueueAsync("lease");
        var first = await ClaimAsync(kit, id, "worker-a");

        Assert.Null(await kit.Queue.ClaimAsync("worker-b") is { } other && other.Id == id ? other : null);
        await ExpireLeaseAsync(id);
        var second = await ClaimAsync(kit, id, "worker-b");

        Assert.Equal(2, second.Attempt);
        Assert.Equal(LeaseStatus.Lost, await kit.Queue.HeartbeatAsync(first));
        await Assert.ThrowsAsync<LeaseLostException>(() => kit.Queue.CompleteAsync(first, null));
        await kit.Queue.CompleteAsync(second, new { ok = true });
        Assert.Equal(JobState.Succeeded, (await kit.Queue.GetAsync(id))!.State);
        Assert.Equal(["abandoned", "succeeded"], await kit.OutcomesAsync(id));
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
        Assert.All((await kit.Queue.AttemptsAsync(id)).Take(2), a => Assert.Contains("The destination did not answer.", a.Error));
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

        Assert.True(await kit.Queue.CancelAsync(id, kit.Audit));
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
        var id = await kit.Queue.EnqueueAsync(new JobRequest("waiting", new { }, RunAt: DateTimeOffset.UtcNow.AddHours(1)), kit.Actor, kit.Audit);
        Assert.Equal(JobState.Scheduled, (await kit.Queue.GetAsync(id))!.State);

        Assert.True(await kit.Queue.CancelAsync(id, kit.Audit));

        Assert.Equal(JobState.Cancelled, (await kit.Queue.GetAsync(id))!.State);
        Assert.False(await kit.Queue.CancelAsync(id, kit.Audit));
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
        var claimed = await ClaimAsync(kit, id, "stopping-worker");
        using var stopping = new CancellationTokenSource();
        var run = kit.Executor.RunAsync(claimed, stopping.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await stopping.CancelAsync();
        await run;

        var job = (await kit.Queue.GetAsync(id))!;
        Assert.Equal(JobState.Enqueued, job.State);
        Assert.Equal(0, job.Attempts);
        Assert.Null(job.LeaseOwner);
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
        Assert.True(await kit.Queue.RetryAsync(id, kit.Audit));
        Assert.False(await kit.Queue.DeleteAsync(id, kit.Audit));
        var job = await kit.RunUntilFinishedAsync(id);

        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(["failed", "succeeded"], await kit.OutcomesAsync(id));
        Assert.False(await kit.Queue.RetryAsync(id, kit.Audit));
        Assert.True(await kit.Queue.DeleteAsync(id, kit.Audit));
        Assert.Null(await kit.Queue.GetAsync(id));
        Assert.Equal(1, await kit.AuditCountAsync("job.enqueue", id));
        Assert.Equal(1, await kit.AuditCountAsync("job.retry", id));
        Assert.Equal(1, await kit.AuditCountAsync("job.delete", id));
    }

    [Fact]
    public async Task A_job_whose_workers_keep_dying_fails_once_its_attempts_are_spent()
    {
        var kit = new JobTestKit(db.DataSource, []);
        var id = await kit.EnqueueAsync("crashing", maxAttempts: 2);
        await ClaimAsync(kit, id, "dies-1");
        await ExpireLeaseAsync(id);
        await ClaimAsync(kit, id, "dies-2");
        await ExpireLeaseAsync(id);

        Assert.Null(await kit.Queue.ClaimAsync("survivor") is { } next && next.Id == id ? next : null);

        var job = (await kit.Queue.GetAsync(id))!;
        Assert.Equal(JobState.Failed, job.State);
        Assert.Contains("attempted 2 times", job.Error);
        Assert.Equal(["abandoned", "abandoned"], await kit.OutcomesAsync(id));
    }

    [Fact]
    public async Task Counts_cover_every_state()
    {
        var kit = new JobTestKit(db.DataSource, []);
        await kit.Queue.EnqueueAsync(new JobRequest("counted", new { }, RunAt: DateTimeOffset.UtcNow.AddHours(1)), kit.Actor, kit.Audit);

        var counts = await kit.Queue.CountsAsync();

        Assert.Equal(JobState.All.Order(), counts.Keys.Order());
        Assert.True(counts[JobState.Scheduled] >= 1);
    }

    /// <summary>Claims until <paramref name="id"/> comes up; other tests' jobs in this database are put back.</summary>
    private static async Task<ClaimedJob> ClaimAsync(JobTestKit kit, long id, string worker)
    {
        var others = new List<ClaimedJob>();
        try
        {
            while (await kit.Queue.ClaimAsync(worker) is { } job)
            {
                if (job.Id == id)
                    return job;
                others.Add(job);
            }
            throw new InvalidOperationException($"Job {id} was not claimable.");
        }
        finally
        {
            foreach (var other in others)
                await kit.Queue.ReleaseAsync(other);
        }
    }

    private async Task ExpireLeaseAsync(long id)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("update job set lease_expires_at = now() - interval '1 second' where id = @id", new { id });
    }
}
