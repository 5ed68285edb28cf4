namespace Workbench.Web.Sources.Demo;

/// <summary>Seeds the demo once the server listens (the API source calls the workbench itself), when configured.</summary>
public sealed class DemoStartup(DemoSeeder seeder, IHostApplicationLifetime lifetime, IConfiguration configuration, ILogger<DemoStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Demo:SeedWhenEmpty", false))
            return;
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        using (stoppingToken.Register(() => started.TrySetCanceled()))
        {
            try
            {
                await started.Task;
            }
            catch (TaskCanceledException)
            {
                return;
            }
        }
        try
        {
            await seeder.SeedIfEmptyAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "The demo could not be created");
        }
    }
}
