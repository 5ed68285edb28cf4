using Microsoft.Extensions.Logging;
using Workbench.Core.Sources;

namespace Workbench.Application.Jobs;

/// <summary>
/// Runs one claimed job to an outcome: succeeded, scheduled again with backoff, failed, cancelled, or returned to
/// the queue at shutdown. A heartbeat renews the lease while the handler runs and carries cancel requests to it.
/// </summary>
public sealed class JobExecutor
{
    private readonly JobQueue _queue;
    private readonly IReadOnlyDictionary<string, IJobHandler> _handlers;
    private readonly ILogger<JobExecutor> _logger;

    public JobExecutor(JobQueue queue, IEnumerable<IJobHandler> handlers, ILogger<JobExecutor> logger)
    {
        _queue = queue;
        _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);
        _logger = logger;
    }

    public IReadOnlyCollection<string> Kinds => _handlers.Keys.ToList();

    /// <summary>Runs the job; <paramref name="stopping"/> is the instance shutting down (the job is then returned to the queue).</summary>
    public async Task RunAsync(ClaimedJob job, CancellationToken stopping)
    {
        var stop = new StopSignal();
        using var jobCancellation = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var heartbeatCancellation = new CancellationTokenSource();
        void Signal(LeaseStatus status)
        {
            stop.Set(status);
            jobCancellation.Cancel();
        }

        var heartbeat = HeartbeatAsync(job, Signal, heartbeatCancellation.Token);
        try
        {
            if (!_handlers.TryGetValue(job.Kind, out var handler))
                throw new PermanentJobException($"No handler for job kind '{job.Kind}' in this workbench.");
            _logger.LogInformation("Job {JobId} ({Kind}) attempt {Attempt} started on {Worker}", job.Id, job.Kind, job.Attempt, job.Worker);
            var context = new JobContext(job, _queue, Signal);
            await handler.RunAsync(context, jobCancellation.Token);
            await heartbeatCancellation.CancelAsync();
            await heartbeat;
            if (!context.CompletedInTransaction)
                await _queue.CompleteAsync(job, context.Result, cancellationToken: CancellationToken.None);
            _logger.LogInformation("Job {JobId} succeeded", job.Id);
        }
        catch (Exception ex)
        {
            await heartbeatCancellation.CancelAsync();
            await heartbeat;
            await SettleAsync(job, ex, stop.Status, stopping.IsCancellationRequested);
        }
    }

    private async Task SettleAsync(ClaimedJob job, Exception ex, LeaseStatus? stopStatus, bool shuttingDown)
    {
        // Outcomes are written even while the instance stops: they must not be cancelled with it.
        var none = CancellationToken.None;
        if (ex is LeaseLostException || stopStatus == LeaseStatus.Lost)
        {
            _logger.LogWarning("Job {JobId}: lease lost, stopping without effect", job.Id);
            await _queue.AbandonAsync(job, "Another worker took the job over (this worker's lease had expired).", none);
        }
        else if (stopStatus == LeaseStatus.CancelRequested)
        {
            _logger.LogInformation("Job {JobId} cancelled", job.Id);
            await _queue.MarkCancelledAsync(job, none);
        }
        else if (shuttingDown && ex is OperationCanceledException)
        {
            _logger.LogInformation("Job {JobId} returned to the queue at shutdown", job.Id);
            await _queue.ReleaseAsync(job, none);
        }
        else
        {
            var permanent = IsPermanent(ex);
            var delay = JobBackoff.Delay(job.Attempt, _queue.Options.RetryBaseSeconds, _queue.Options.RetryMaxSeconds, Random.Shared);
            var state = await _queue.FailAsync(job, Describe(ex), permanent, delay, none);
            if (state == JobState.Failed)
                _logger.LogError(ex, "Job {JobId} failed for good after attempt {Attempt}", job.Id, job.Attempt);
            else
                _logger.LogWarning(ex, "Job {JobId} attempt {Attempt} failed; retrying in {Delay}", job.Id, job.Attempt, delay);
        }
    }

    private async Task HeartbeatAsync(ClaimedJob job, Action<LeaseStatus> signal, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_queue.Options.Heartbeat);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    var status = await _queue.HeartbeatAsync(job, cancellationToken);
                    if (status == LeaseStatus.Held)
                        continue;
                    signal(status);
                    if (status == LeaseStatus.Lost)
                        return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The store may be briefly unreachable; the lease fences everything if it really lapses.
                    _logger.LogWarning(ex, "Job {JobId}: heartbeat failed", job.Id);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The handler finished.
        }
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

        public LeaseStatus? Status => Volatile.Read(ref _status) is var s and >= 0 ? (LeaseStatus)s : null;

        public void Set(LeaseStatus status) => Interlocked.CompareExchange(ref _status, (int)status, -1);
    }
}
