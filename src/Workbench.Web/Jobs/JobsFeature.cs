using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Web.Account;
using Workbench.Application.Audit;
using Workbench.Application.Jobs;
using Workbench.Application.Materialize;
using Workbench.Web.Hosting;

namespace Workbench.Web.Jobs;

/// <summary>The job queue, its workers in this process, the job kinds, and the <c>/api/jobs</c> endpoints.</summary>
public static class JobsFeature
{
    public static IServiceCollection AddJobsFeature(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(JobOptions.Section).Get<JobOptions>() ?? new JobOptions();
        services.AddSingleton(options);
        services.AddSingleton<JobQueue>();
        services.AddSingleton<JobExecutor>();
        services.AddSingleton<JobWakeup>();
        services.AddSingleton<IJobHandler, TableCopyJob>();
        services.AddHostedService<JobWorkerService>();
        return services;
    }

    /// <summary>One group, so authorisation can be applied to every job endpoint in one place.</summary>
    public static RouteGroupBuilder MapJobsFeature(this IEndpointRouteBuilder app)
    {
        var group = app.MapApiGroup("/api/jobs", "Jobs");

        group.MapGet("/", async (JobQueue queue, string? state, string? kind, string? label, int? limit, CancellationToken ct) =>
        {
            if (state is not null && !JobState.All.Contains(state))
                return ApiProblem.Result(StatusCodes.Status400BadRequest, $"Unknown state '{state}'. Known: {string.Join(", ", JobState.All)}.");
            var jobs = await queue.ListAsync(new JobFilter(state, kind, label, limit ?? 200), ct);
            var now = DateTimeOffset.UtcNow;
            return Results.Ok(new { counts = await queue.CountsAsync(ct), jobs = jobs.Select(j => JobDto.From(j, now)) });
        }).WithName("ListJobs").WithSummary("The jobs, newest first, with the counts per state; filtered by state, kind and label.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");

        group.MapGet("/{id:long}", async (long id, JobQueue queue, CancellationToken ct) =>
            await queue.GetAsync(id, ct) is { } job
                ? Results.Ok(new { job = JobDto.From(job, DateTimeOffset.UtcNow), attempts = await queue.AttemptsAsync(id, ct) })
                : NoSuchJob(id))
            .WithName("GetJob").WithSummary("A job with its attempts.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{id:long}/cancel", (long id, JobQueue queue, AuditLog audit, CancellationToken ct) =>
            Act(id, queue, () => queue.CancelAsync(id, audit, ct), "Only waiting or running jobs can be cancelled.", ct))
            .StewardAction("CancelJob", "Cancels a waiting or running job.");

        group.MapPost("/{id:long}/retry", (long id, JobQueue queue, AuditLog audit, CancellationToken ct) =>
            Act(id, queue, () => queue.RetryAsync(id, audit, ct), "Only failed, cancelled or scheduled jobs can be retried.", ct))
            .StewardAction("RetryJob", "Queues a failed, cancelled or scheduled job again with a fresh allowance of attempts.");

        group.MapDelete("/{id:long}", (long id, JobQueue queue, AuditLog audit, CancellationToken ct) =>
            Act(id, queue, () => queue.DeleteAsync(id, audit, ct), "Only finished jobs can be deleted; cancel a running one first.", ct))
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

    private static async Task<IResult> Act(long id, JobQueue queue, Func<Task<bool>> action, string refusal, CancellationToken ct)
    {
        if (await action())
            return await queue.GetAsync(id, ct) is { } job ? Results.Ok(JobDto.From(job, DateTimeOffset.UtcNow)) : Results.NoContent();
        return await queue.GetAsync(id, ct) is null
            ? NoSuchJob(id)
            : ApiProblem.Result(StatusCodes.Status409Conflict, refusal);
    }
}
