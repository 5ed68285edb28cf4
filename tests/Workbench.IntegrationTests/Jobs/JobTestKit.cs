using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Workbench.Application.Audit;
using Workbench.Application.Jobs;

namespace Workbench.IntegrationTests.Jobs;

/// <summary>A queue with short leases and retry delays, and an executor over the given handlers, on a test database.</summary>
internal sealed class JobTestKit
{
    public JobTestKit(NpgsqlDataSource dataSource, IEnumerable<IJobHandler> handlers, JobOptions? options = null)
    {
        DataSource = dataSource;
        Queue = new JobQueue(dataSource, options ?? new JobOptions { LeaseSeconds = 5, HeartbeatSeconds = 1, RetryBaseSeconds = 0.05, RetryMaxSeconds = 0.2 });
        Executor = new JobExecutor(Queue, handlers, NullLogger<JobExecutor>.Instance);
    }

    public NpgsqlDataSource DataSource { get; }

    public JobQueue Queue { get; }

    public JobExecutor Executor { get; }

    public IActorContext Actor { get; } = new SystemActor("tester");

    public AuditLog Audit => new(DataSource, Actor);

    public Task<long> EnqueueAsync(string kind, object? payload = null, int? maxAttempts = null) =>
        Queue.EnqueueAsync(new JobRequest(kind, payload ?? new { }, MaxAttempts: maxAttempts), Actor, Audit);

    /// <summary>
    /// Claims and runs due jobs until job <paramref name="id"/> is finished; waits for scheduled retries to fall due.
    /// Gives up after <paramref name="seconds"/> (a bound for a hang, not a time the job is expected to take).
    /// </summary>
    public async Task<JobRecord> RunUntilFinishedAsync(long id, string worker = "test-worker", int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            var job = await Queue.GetAsync(id) ?? throw new InvalidOperationException($"Job {id} is gone.");
            if (JobState.IsFinished(job.State))
                return job;
            if (await Queue.ClaimAsync(worker) is { } claimed)
                await Executor.RunAsync(claimed, CancellationToken.None);
            else
                await Task.Delay(20);
        }
        throw new TimeoutException($"Job {id} did not finish in time.");
    }

    public async Task<IReadOnlyList<string>> OutcomesAsync(long id) =>
        (await Queue.AttemptsAsync(id)).Select(a => a.Outcome).ToList();

    public async Task<int> AuditCountAsync(string action, long id)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>(
            "select count(*) from audit_event where action = @action and entity_kind = 'job' and entity_id = @id",
            new { action, id = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }
}

/// <summary>A job kind whose behaviour each test writes.</summary>
internal sealed class ScriptedHandler(string kind, Func<JobContext, CancellationToken, Task> run) : IJobHandler
{
    public string Kind => kind;

    public Task RunAsync(JobContext context, CancellationToken cancellationToken) => run(context, cancellationToken);
}
