using Npgsql;
using Workbench.Application.Jobs;

namespace Workbench.Web.Jobs;

/// <summary>
/// Wakes idle workers when a job is enqueued anywhere (LISTEN on the store), so they need not wait for the next poll.
/// Polling stays the safety net: a lost notification only delays a job by one poll interval.
/// </summary>
public sealed class JobWakeup(NpgsqlDataSource dataSource, ILogger<JobWakeup> logger)
{
    private TaskCompletionSource _signal = NewSignal();

    /// <summary>Completes when a job is announced or <paramref name="timeout"/> passes.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var signal = Volatile.Read(ref _signal).Task;
        await Task.WhenAny(signal, Task.Delay(timeout, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Signal() => Interlocked.Exchange(ref _signal, NewSignal()).TrySetResult();

    public async Task ListenAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stopping);
                connection.Notification += (_, _) => Signal();
                await using (var listen = new NpgsqlCommand($"listen {JobQueue.NotifyChannel}", connection))
                    await listen.ExecuteNonQueryAsync(stopping);
                while (!stopping.IsCancellationRequested)
                    await connection.WaitAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Job notifications interrupted; polling until they resume");
                await Task.Delay(TimeSpan.FromSeconds(5), stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
