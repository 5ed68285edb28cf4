using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workbench.Core.Sources;
using Workbench.Core.Jobs;

namespace Workbench.Application.Jobs;

/// <summary>
/// Runs one dispatch of a job to an outcome: succeeded; failed and scheduled again (Hangfire retries it after the
/// back-off, see <see cref="JobRetryException"/>); failed for good; cancelled; or returned to the queue when the
/// process stops. Resolved from the job's own scope; the handler is resolved from it too, after the scope's actor is
/// set to the person who asked for the job.
/// </summary>
public sealed class JobRunner(JobStore store, IServiceProvider services, JobActor actor, ILogger<JobRunner> logger)
{
    private static readonly string Process = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <param name="dispatchId">The Hangfire job running this; null when run directly (tests).</param>
    /// <param name="stopping">Cancelled when this process stops (or Hangfire aborts the run).</param>
    public async Task RunAsync(long jobId, string? dispatchId, CancellationToken stopping)
    {
        var job = await store.StartAsync(jobId, dispatchId, $"{Process}/{dispatchId ?? "direct"}", stopping);
        if (job is null)
        {
            logger.LogInformation("Job {JobId}: nothing to run for dispatch {Dispatch} (finished, cancelled, gone or dispatched again)", jobId, dispatchId);
            return;
        }

        var stop = new StopSignal();
        using var jobCancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var watchCancellation = new CancellationTokenSource();
        void Signal(RunStatus status)
        {
            stop.Set(status);
            jobCancellation.Cancel();
        }

        var watch = WatchForCancelAsync(job, Signal, watchCancellation.Token);
        try
        {
            actor.ActFor(job.CreatedBy);
            var handler = services.GetServices<IJobHandler>().FirstOrDefault(h => h.Kind == job.Kind)
                ?? throw new PermanentJobException($"No handler for job kind '{job.Kind}' in this workbench.");
            logger.LogInformation("Job {JobId} ({Kind}) attempt {Attempt} started on {Worker}", job.Id, job.Kind, job.Attempt, job.Worker);
            var context = new JobContext(job, store, Signal);
            await handler.RunAsync(context, jobCancellation.Token);
            await StopWatchAsync(watch, watchCancellation);
            if (!context.CompletedInTransaction)
                await store.CompleteAsync(job, context.Result, cancellationToken: CancellationToken.None);
            logger.LogInformation("Job {JobId} succeeded", job.Id);
        }
        catch (Exception ex)
        {
            await StopWatchAsync(watch, watchCancellation);
            await SettleAsync(job, ex, stop.Status, stopping.IsCancellationRequested);
        }
    }

    private async Task SettleAsync(RunningJob job, Exception ex, RunStatus? stopStatus, bool stopping)
    {
        // Outcomes are written even while the process stops: they must not be cancelled with it.
        var none = CancellationToken.None;
        if (ex is AttemptSupersededException || stopStatus == RunStatus.Superseded)
        {
            logger.LogWarning("Job {JobId}: another run took it over; stopping without effect", job.Id);
            await store.SupersededAsync(job, none);
        }
        else if (stopStatus == RunStatus.CancelRequested)
        {
            logger.LogInformation("Job {JobId} cancelled", job.Id);
            await store.MarkCancelledAsync(job, none);
        }
        else if (stopping && ex is OperationCanceledException)
        {
            logger.LogInformation("Job {JobId} returned to the queue: its process is stopping", job.Id);
            await store.ReleaseAsync(job, none);
            throw new OperationCanceledException($"Job {job.Id} was interrupted by the process stopping.", ex);
        }
        else
        {
            var permanent = IsPermanent(ex);
            var options = store.Options;
            var delay = JobBackoff.Delay(job.Attempt, options.RetryBaseSeconds, options.RetryMaxSeconds, Random.Shared);
            var error = Describe(ex);
            var state = await store.FailAsync(job, error, permanent, delay, none);
            if (state == JobState.Scheduled)
            {
                logger.LogWarning(ex, "Job {JobId} attempt {Attempt} failed; retrying in {Delay}", job.Id, job.Attempt, delay);
                throw new JobRetryException(delay, $"Job {job.Id} attempt {job.Attempt} failed; it runs again in {delay.TotalSeconds:0.#} s: {error}", ex);
            }
            if (state == JobState.Failed)
            {
                logger.LogError(ex, "Job {JobId} failed for good after attempt {Attempt}", job.Id, job.Attempt);
                throw new JobFailedException(permanent ? error : $"Given up after {job.Attempt} attempts: {error}", ex);
            }
        }
    }

    /// <summary>Carries a cancel asked while the handler is between batches (or before its first) to it within a second.</summary>
    private async Task WatchForCancelAsync(RunningJob job, Action<RunStatus> signal, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    if (await store.CancelRequestedAsync(job.Id, cancellationToken))
                    {
                        signal(RunStatus.CancelRequested);
                        return;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Job {JobId}: could not look for a cancel request", job.Id);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The handler finished.
        }
    }

    private static async Task StopWatchAsync(Task watch, CancellationTokenSource cancellation)
    {
        await cancellation.CancelAsync();
        await watch;
    }

    private static string Describe(Exception ex) =>
        IsPermanent(ex) || ex is OperationCanceledException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";

    /// <summary>
    /// Failures no retry mends: the handler said so, or a source holds a record it cannot read under the Fail policy
    /// (however deep the engine wrapped it): the next attempt reads the same record and fails the same way.
    /// </summary>
    private static bool IsPermanent(Exception ex)
    {
        if (ex is PermanentJobException)
            return true;
        for (Exception? cause = ex; cause is not null; cause = cause.InnerException)
            if (cause is MalformedRecordException)
                return true;
        return false;
    }

    /// <summary>Why the job was asked to stop; the first reason wins.</summary>
    private sealed class StopSignal
    {
        private int _status = -1;

        public RunStatus? Status => Volatile.Read(ref _status) is var s and >= 0 ? (RunStatus)s : null;

        public void Set(RunStatus status) => Interlocked.CompareExchange(ref _status, (int)status, -1);
    }
}

/// <summary>An attempt failed and the job has attempts left: Hangfire runs it again after <see cref="Delay"/>.</summary>
public sealed class JobRetryException(TimeSpan delay, string message, Exception inner) : Exception(message, inner)
{
    public TimeSpan Delay => delay;
}

/// <summary>The job failed for good (a permanent failure, or its last attempt); Hangfire does not retry it.</summary>
public sealed class JobFailedException(string message, Exception inner) : Exception(message, inner);
