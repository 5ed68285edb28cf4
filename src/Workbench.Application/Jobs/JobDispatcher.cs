using Hangfire;
using Microsoft.Extensions.Logging;
using Workbench.Application.Audit;
using Workbench.Core.Jobs;

namespace Workbench.Application.Jobs;

/// <summary>
/// Hands the workbench's jobs to Hangfire and takes them back: a job is recorded in the store first (with whatever
/// asked for it, in one transaction), then dispatched as a Hangfire job whose id it keeps. A job recorded but never
/// dispatched (by an earlier version of the workbench, or by a process that died in between) is dispatched by
/// <see cref="DispatchWaitingAsync"/>, which every Hangfire server runs at start-up and then periodically.
/// </summary>
public sealed class JobDispatcher(JobStore store, IBackgroundJobClient client, ILogger<JobDispatcher> logger)
{
    public JobStore Store => store;

    /// <summary>
    /// Dispatches job <paramref name="id"/> unless it is dispatched already (or finished, or being dispatched elsewhere);
    /// a Hangfire job made for a job that changed meanwhile is taken back.
    /// </summary>
    /// <remarks>
    /// Hangfire's client is synchronous and blocks inside on asynchronous work: called on a Blazor circuit's
    /// synchronization context it deadlocks. It runs on the thread pool instead, here and in <see cref="WithdrawAsync"/>.
    /// </remarks>
    public Task<bool> DispatchAsync(long id, CancellationToken cancellationToken = default) =>
        store.DispatchAsync(id, (state, runAt) => Task.Run(() => state == JobState.Scheduled && runAt > DateTimeOffset.UtcNow
            ? client.Schedule<WorkbenchJob>(job => job.RunAsync(id, null, CancellationToken.None), runAt)
            : client.Enqueue<WorkbenchJob>(job => job.RunAsync(id, null, CancellationToken.None)), cancellationToken), WithdrawAsync, cancellationToken);

    /// <summary>Dispatches every waiting or running job that has no Hangfire job; returns how many it dispatched.</summary>
    public async Task<int> DispatchWaitingAsync(CancellationToken cancellationToken = default)
    {
        var dispatched = 0;
        foreach (var id in await store.UndispatchedAsync(cancellationToken))
        {
            if (await DispatchAsync(id, cancellationToken))
            {
                dispatched++;
                logger.LogInformation("Job {JobId} had no Hangfire job; dispatched it", id);
            }
        }
        return dispatched;
    }

    /// <summary>A waiting job is cancelled (and taken back from Hangfire); a running one stops at its next batch.</summary>
    public async Task<bool> CancelAsync(long id, AuditLog audit, CancellationToken cancellationToken = default)
    {
        var (done, waiting) = await store.CancelAsync(id, audit, cancellationToken);
        await WithdrawAsync(waiting);
        return done;
    }

    /// <summary>Runs a failed, cancelled or scheduled job again now, as a new Hangfire job.</summary>
    public async Task<bool> RetryAsync(long id, AuditLog audit, CancellationToken cancellationToken = default)
    {
        var (done, old) = await store.RetryAsync(id, audit, cancellationToken);
        if (!done)
            return false;
        await WithdrawAsync(old);
        await DispatchAsync(id, cancellationToken);
        return true;
    }

    /// <summary>Removes a finished job, and its Hangfire job.</summary>
    public async Task<bool> DeleteAsync(long id, AuditLog audit, CancellationToken cancellationToken = default)
    {
        var (done, dispatch) = await store.DeleteAsync(id, audit, cancellationToken);
        await WithdrawAsync(dispatch);
        return done;
    }

    /// <summary>
    /// Moves a Hangfire job to Deleted. Best effort: the store already says what happens, and a run of a withdrawn
    /// dispatch finds its job finished or dispatched anew and does nothing.
    /// </summary>
    private async Task WithdrawAsync(string? dispatchId)
    {
        // A claim names no Hangfire job yet; its dispatcher takes back what it makes for a job that changed.
        if (dispatchId is null || DispatchClaim.Is(dispatchId))
            return;
        try
        {
            await Task.Run(() => client.Delete(dispatchId));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.LogWarning(ex, "Could not take Hangfire job {Dispatch} back", dispatchId);
        }
    }
}
