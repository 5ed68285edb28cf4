using Workbench.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Workbench.Application.Audit;
using Workbench.Application.Jobs;
using Workbench.Testing;

namespace Workbench.IntegrationTests.Jobs;

/// <summary>
/// The job store with short retry delays, and the runner Hangfire calls, run directly: each run stands for one Hangfire
/// dispatch (a <see cref="JobRetryException"/> is Hangfire scheduling the retry). The process tests run real Hangfire.
/// </summary>
internal sealed class JobTestKit
{
    private readonly ServiceProvider _services;

    public JobTestKit(NpgsqlDataSource dataSource, IEnumerable<IJobHandler> handlers, JobOptions? options = null)
    {
        DataSource = dataSource;
        Store = new JobStore(dataSource, options ?? new JobOptions { RetryBaseSeconds = 0.05, RetryMaxSeconds = 0.2 });
        var services = new ServiceCollection();
        foreach (var handler in handlers)
            services.AddSingleton(handler);
        _services = services.BuildServiceProvider();
    }

    public NpgsqlDataSource DataSource { get; }

    public JobStore Store { get; }

    public IActorContext Actor { get; } = new SystemActor("tester");

    public AuditLog Audit => new(DataSource, Actor);

    /// <summary>Hands jobs to a Hangfire client that only counts: these tests run the jobs themselves.</summary>
    public JobDispatcher Dispatcher => new(Store, new CountingJobClient(), NullLogger<JobDispatcher>.Instance);

    public JobRunner Runner() => new(Store, _services, new JobActor(), NullLogger<JobRunner>.Instance);

    public Task<long> EnqueueAsync(string kind, object? payload = null, int? maxAttempts = null) =>
        Store.EnqueueAsync(new JobRequest(kind, payload ?? new { }, MaxAttempts: maxAttempts), Actor, Audit);

    public async Task<bool> CancelAsync(long id) => (await Store.CancelAsync(id, Audit)).Done;

    public async Task<bool> RetryAsync(long id) => (await Store.RetryAsync(id, Audit)).Done;

    public async Task<bool> DeleteAsync(long id) => (await Store.DeleteAsync(id, Audit)).Done;

    /// <summary>
    /// Runs job <paramref name="id"/> as Hangfire would until it is finished, waiting out the retry delays. Gives up
    /// after <paramref name="seconds"/> (a bound for a hang, not a time the job is expected to take).
    /// </summary>
    public async Task<JobRecord> RunUntilFinishedAsync(long id, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            var job = await Store.GetAsync(id) ?? throw new InvalidOperationException($"Job {id} is gone.");
            if (job.State.IsFinished())
                return job;
            if (job.RunAt > DateTimeOffset.UtcNow)
            {
                await Task.Delay(20);
                continue;
            }
            try
            {
                await Runner().RunAsync(id, null, CancellationToken.None);
            }
            catch (JobRetryException)
            {
                // Hangfire would schedule the next run after the back-off; the loop waits for run_at.
            }
            catch (JobFailedException)
            {
                // Failed for good; the loop returns the job.
            }
        }
        throw new TimeoutException($"Job {id} did not finish in time.");
    }

    public async Task<IReadOnlyList<string>> OutcomesAsync(long id) =>
        (await Store.AttemptsAsync(id)).Select(a => a.Outcome.Stored()).ToList();

    public async Task<int> AuditCountAsync(string action, long id)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>(
            "select count(*) from audit_event where action = @action and entity_kind = 'job' and entity_id = @id",
            new { action, id = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }
}

/// <summary>A Hangfire client that creates nothing: each job it is given gets the next number.</summary>
internal sealed class CountingJobClient : Hangfire.IBackgroundJobClient
{
    private static int _next;

    public string Create(Hangfire.Common.Job job, Hangfire.States.IState state) =>
        Interlocked.Increment(ref _next).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public bool ChangeState(string jobId, Hangfire.States.IState state, string expectedState) => true;
}

/// <summary>A job kind whose behaviour each test writes.</summary>
internal sealed class ScriptedHandler(string kind, Func<JobContext, CancellationToken, Task> run) : IJobHandler
{
    public string Kind => kind;

    public Task RunAsync(JobContext context, CancellationToken cancellationToken) => run(context, cancellationToken);
}
