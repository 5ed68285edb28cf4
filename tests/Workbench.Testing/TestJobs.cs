using Hangfire;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Workbench.Application.Jobs;

namespace Workbench.Testing;

/// <summary>A dispatcher with a real Hangfire client on a test store (whose Hangfire schema a started workbench installed).</summary>
public static class TestJobs
{
    private static readonly object Configured = ConfigureOnce();

    public static JobDispatcher Dispatcher(NpgsqlDataSource dataSource, JobOptions? options = null)
    {
        _ = Configured;
        options ??= new JobOptions();
        return new JobDispatcher(new JobStore(dataSource, options), new BackgroundJobClient(HangfireStore.Storage(dataSource, options)),
            NullLogger<JobDispatcher>.Instance);
    }

    private static object ConfigureOnce()
    {
        GlobalConfiguration.Configuration.UseWorkbenchSerialization();
        return new object();
    }
}
