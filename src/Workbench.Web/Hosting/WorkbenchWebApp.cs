using Workbench.Storage;
namespace Workbench.Web.Hosting;

/// <summary>The running web app together with the store it owns, stopped together.</summary>
public sealed class WorkbenchWebApp(WebApplication app, StoreConnection store) : IAsyncDisposable
{
    public WebApplication App => app;

    public async Task RunAsync()
    {
        var logger = app.Services.GetRequiredService<ILogger<WorkbenchWebApp>>();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var url in app.Urls)
                logger.LogInformation("Workbench is ready at {Url}", url);
        });
        await app.RunAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await app.DisposeAsync();
        await store.DisposeAsync();
    }
}
