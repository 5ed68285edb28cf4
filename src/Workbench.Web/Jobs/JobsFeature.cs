using Hangfire;
using Hangfire.Dashboard;
using Npgsql;
using Workbench.Migrations;
using Workbench.Application.Audit;
using Workbench.Application.Jobs;
using Workbench.Application.Materialize;
using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Web.Account;
using Workbench.Web.Hosting;
using Workbench.Core.Jobs;

namespace Workbench.Web.Jobs;

/// <summary>
/// Background jobs on Hangfire: its storage in the store, its server in this process, the job kinds, the
/// <c>/api/jobs</c> endpoints and Hangfire's dashboard for admins. The web app and the <c>worker</c> command both
/// register jobs here, one way.
/// </summary>
public static class JobsFeature
{
    public const string DashboardPath = "/jobs/hangfire";

    public static IServiceCollection AddJobsFeature(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        services.AddSingleton(options);
        services.AddSingleton<JobStore>();
        services.AddSingleton<JobDispatcher>();
        services.AddScoped<JobActor>();
        services.AddScoped<JobRunner>();
        services.AddScoped<WorkbenchJob>();
        services.AddScoped<IJobHandler, TableCopyJob>();

        // Hangfire resolves WorkbenchJob from a scope of this container (its ASP.NET Core job activator).
        services.AddHangfire((provider, hangfire) => hangfire
            .UseWorkbenchSerialization()
            .UseStorage(HangfireStore.Storage(provider.GetRequiredService<NpgsqlDataSource>(), options)));
        if (options.WorkerCount > 0)
        {
            services.AddHangfireServer(server =>
            {
                server.WorkerCount = options.WorkerCount;
                server.SchedulePollingInterval = options.SchedulePollInterval;
                server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
            services.AddHostedService<JobDispatchSweep>();
        }
        return services;
    }

    /// <summary>
    /// Hangfire's tables, created or upgraded after the store's migrations and under the same lock, so processes that
    /// start together on one store install them once.
    /// </summary>
    public static async Task PrepareJobStorageAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var options = services.GetRequiredService<JobOptions>();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var held = await StoreLock.TakeAsync(connection, cancellationToken);
        HangfireStore.Install(connection, options);
    }

    /// <summary>
    /// Before the dashboard (after sign-in): a signed-in user who is not an admin gets a 403 page that says why and
    /// leads back to the Jobs page, rather than the empty 403 Hangfire's filter answers (a browser shows its own error).
    /// </summary>
    public static WebApplication UseJobsDashboardGate(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(DashboardPath), gate => gate.Use(async (context, next) =>
        {
            if (context.User.Identity?.IsAuthenticated == true && !context.User.IsInRole(Workbench.Application.Accounts.Roles.Admin))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(
                    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not allowed</title></head><body>" +
                    "<h1>Not allowed</h1><p>The jobs dashboard is for admins.</p><p><a href=\"/jobs\">Back to the jobs</a></p></body></html>");
                return;
            }
            await next(context);
        }));
        return app;
    }

    /// <summary>One group, so authorisation can be applied to every job endpoint in one place.</summary>
    public static RouteGroupBuilder MapJobsFeature(this IEndpointRouteBuilder app)
    {
        // Admins only. Signing in is the endpoint's (the fallback policy sends anonymous visitors to the sign-in page);
        // the role is Hangfire's own check on every dashboard request (its default lets any local request in), which
        // answers a signed-in non-admin 403.
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new AdminDashboardAuthorization()],
            AppPath = "/jobs",
            DashboardTitle = "Workbench jobs (Hangfire)",
        }).RequireAuthorization();

        var group = app.MapApiGroup("/api/jobs", "Jobs");

        group.MapGet("/", async (JobStore store, string? state, string? kind, string? label, int? limit, CancellationToken ct) =>
        {
            JobState? wanted = null;
            if (state is not null)
            {
                if (!JobStates.TryParse(state, out var parsed))
                    return ApiProblem.Result(StatusCodes.Status400BadRequest,
                        $"Unknown state '{state}'. Known: {string.Join(", ", JobStates.All.Select(s => s.Stored()))}.");
                wanted = parsed;
            }
            var jobs = await store.ListAsync(new JobFilter(wanted, kind, label, limit ?? 200), ct);
            var now = DateTimeOffset.UtcNow;
            var counts = (await store.CountsAsync(ct)).ToDictionary(c => c.Key.Stored(), c => c.Value);
            return Results.Ok(new { counts, jobs = jobs.Select(j => JobDto.From(j, now)) });
        }).WithName("ListJobs").WithSummary("The jobs, newest first, with the counts per state; filtered by state, kind and label.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");

        group.MapGet("/{id:long}", async (long id, JobStore store, CancellationToken ct) =>
            await store.GetAsync(id, ct) is { } job
                ? Results.Ok(new { job = JobDto.From(job, DateTimeOffset.UtcNow), attempts = (await store.AttemptsAsync(id, ct)).Select(AttemptDto.From) })
                : NoSuchJob(id))
            .WithName("GetJob").WithSummary("A job with its attempts.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id:long}/cancel", (long id, JobDispatcher jobs, AuditLog audit, CancellationToken ct) =>
            Act(id, jobs.Store, () => jobs.CancelAsync(id, audit, ct), "Only waiting or running jobs can be cancelled.", ct))
            .StewardAction("CancelJob", "Cancels a waiting or running job.");

        group.MapPost("/{id:long}/retry", (long id, JobDispatcher jobs, AuditLog audit, CancellationToken ct) =>
            Act(id, jobs.Store, () => jobs.RetryAsync(id, audit, ct), "Only failed, cancelled or scheduled jobs can be retried.", ct))
            .StewardAction("RetryJob", "Queues a failed, cancelled or scheduled job again with a fresh allowance of attempts.");

        group.MapDelete("/{id:long}", (long id, JobDispatcher jobs, AuditLog audit, CancellationToken ct) =>
            Act(id, jobs.Store, () => jobs.DeleteAsync(id, audit, ct), "Only finished jobs can be deleted; cancel a running one first.", ct))
            .StewardAction("DeleteJob", "Deletes a finished job.")
            .Produces(StatusCodes.Status204NoContent);

        return group;
    }

    /// <summary>A steward's action on one job: the job as it is afterwards, 404, or 409 when its state does not allow it.</summary>
    private static RouteHandlerBuilder StewardAction(this RouteHandlerBuilder endpoint, string name, string summary) =>
        endpoint.RequireRole(Policies.Steward).WithName(name).WithSummary(summary)
            .Produces<JobDto>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static ProblemHttpResult NoSuchJob(long id) => ApiProblem.Result(StatusCodes.Status404NotFound, $"There is no job {id}.");

    private static async Task<IResult> Act(long id, JobStore store, Func<Task<bool>> action, string refusal, CancellationToken ct)
    {
        if (await action())
            return await store.GetAsync(id, ct) is { } job ? Results.Ok(JobDto.From(job, DateTimeOffset.UtcNow)) : Results.NoContent();
        return await store.GetAsync(id, ct) is null
            ? NoSuchJob(id)
            : ApiProblem.Result(StatusCodes.Status409Conflict, refusal);
    }

    /// <summary>Hangfire's dashboard answers admins only; anyone else signed in gets Hangfire's 403.</summary>
    private sealed class AdminDashboardAuthorization : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var http = context.GetHttpContext();
            if (http.User.IsInRole(Workbench.Application.Accounts.Roles.Admin))
                return true;
            // A plain 403, not the re-executed "not found" page the app shows for empty error responses.
            if (http.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } pages)
                pages.Enabled = false;
            return false;
        }
    }
}
