using Workbench.Application.Jobs;

namespace Workbench.Web.Jobs;

/// <summary>
/// The workers of this instance: each claims a due job, runs it, and claims the next. Several instances may share
/// one store; claims and leases keep them from running one job twice at a time. At shutdown a running job stops at
/// its next batch and goes back to the queue.
/// </summary>
public sealed class JobWorkerService(JobQueue queue, JobExecutor executor, JobWakeup wakeup, ILogger<JobWorkerService> logger) : BackgroundService
{
    private readonly string _instance = $"{Environment.MachineName}:{Environment.ProcessId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var count = queue.Options.WorkerCount;
        if (count <= 0)
        {
            logger.LogInformation("Job workers are off (Jobs:WorkerCount = 0)");
            return;
        }
        logger.LogInformation("{Count} job workers on {Instance} for kinds {Kinds}", count, _instance, string.Join(", ", executor.Kinds));
        var listener = wakeup.ListenAsync(stoppingToken);
        await Task.WhenAll(Enumerable.Range(1, count).Select(n => WorkAsync($"{_instance}/{n}", stoppingToken)).Append(listener));
    }

    private async Task WorkAsync(string worker, CancellationToken stoppingToken)
    {
        var idle = TimeSpan.FromMilliseconds(Math.Max(50, queue.Options.PollIntervalMs));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var job = await queue.ClaimAsync(worker, stoppingToken);
                if (job is null)
                    await wakeup.WaitAsync(idle, stoppingToken);
                else
                    await executor.RunAsync(job, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Job worker {Worker}: the store could not be reached; trying again", worker);
                await Task.Delay(idle, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
