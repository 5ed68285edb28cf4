using Workbench.Storage;
using Workbench.Migrations;
using Workbench.Web.Account;
using Workbench.Web.Jobs;
using Workbench.Web.Sources.Demo;

namespace Workbench.Web.Hosting;

/// <summary>
/// <c>worker</c>: runs only a Hangfire server (and the dispatch sweep) against the configured store, no web server.
/// Start any number, on any machine that reaches the store: jobs spread over every server, the web app's included
/// (or only over the workers when the web app's <c>Jobs:WorkerCount</c> is 0). Other arguments configure it as for the
/// web app (e.g. <c>--ConnectionStrings:Workbench=...</c>, <c>--Jobs:WorkerCount=4</c>).
/// </summary>
public static class WorkerCommand
{
    public static bool Handles(string[] args) => args is ["worker", ..];

    public static async Task<int> RunAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args[1..],
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Workbench")))
        {
            Console.Error.WriteLine("Workbench worker: set ConnectionStrings:Workbench (e.g. ConnectionStrings__Workbench=...) to the store the web app uses; a worker shares that store, it never starts its own.");
            return 2;
        }
        if (builder.Configuration.GetValue("Jobs:WorkerCount", 2) <= 0)
        {
            Console.Error.WriteLine("Workbench worker: Jobs:WorkerCount must be at least 1 for a worker.");
            return 2;
        }

        using var bootstrapLogging = LoggerFactory.Create(logging =>
            logging.AddConfiguration(builder.Configuration.GetSection("Logging")).AddConsole());
        await using var store = await StoreConnection.OpenAsync(builder.Configuration, bootstrapLogging.CreateLogger("Workbench.Store"));
        WorkbenchApp.AddWorkbenchServices(builder.Services, builder.Configuration, store);
        // The demo seeding belongs to the web app; a worker only runs jobs.
        foreach (var seeding in builder.Services.Where(s => s.ServiceType == typeof(IHostedService)
                     && (s.ImplementationType == typeof(DemoAccounts) || s.ImplementationType == typeof(DemoStartup))).ToList())
            builder.Services.Remove(seeding);

        using var host = builder.Build();
        await host.Services.GetRequiredService<StoreMigrator>().MigrateAsync();
        await host.Services.PrepareJobStorageAsync();
        var logger = host.Services.GetRequiredService<ILogger<WorkbenchWebApp>>();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStarted.Register(() => logger.LogInformation("Workbench worker {Process} is running jobs", Environment.ProcessId));
        await host.RunAsync();
        return 0;
    }
}
