using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Workbench.Application.Jobs;

/// <summary>
/// In every process that runs jobs: dispatches, at start and then every <see cref="JobOptions.DispatchSweepSeconds"/>,
/// the jobs recorded but never handed to Hangfire (an earlier version's queue, or a process that died between recording
/// a job and dispatching it).
/// </summary>
public sealed class JobDispatchSweep(JobDispatcher dispatcher, JobOptions options, ILogger<JobDispatchSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(0.2, options.DispatchSweepSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await dispatcher.DispatchWaitingAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Could not dispatch the waiting jobs; trying again");
            }
            await Task.Delay(interval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
