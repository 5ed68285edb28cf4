using Workbench.Web.Account;
using Workbench.Application.Audit;
using Workbench.Application.Jobs;
using Workbench.Application.Materialize;

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
        var group = app.MapGroup("/api/jobs").WithTags("Jobs");

        group.MapGet("/", async (JobQueue queue, string? state, string? kind, string? label, int? limit, CancellationToken ct) =>
        {
            if (state is not null && !JobState.All.Contains(state))
                return Results.Problem($"Unknown state '{state}'. Known: {string.Join(", ", JobState.All)}.", statusCode: StatusCodes.Status400BadRequest);
            var jobs = await queue.ListAsync(new JobFilter(state, kind, label, limit ?? 200), ct);
            var now = DateTimeOffset.UtcNow;
            return Results.Ok(new { counts = await queue.CountsAsync(ct), jobs = jobs.Select(j => JobDto.From(j, now)) });
        });

        group.MapGet("/{id:long}", async (long id, JobQueue queue, CancellationToken ct) =>
            await queue.GetAsync(id, ct) is { } job
                ? Results.Ok(new { job = JobDto.From(job, DateTimeOffset.UtcNow), attempts = await queue.AttemptsAsync(id, ct) })
                : Results.NotFound());

        group.MapPost("/{id:long}/cancel", (long id, JobQueue queue, AuditLog audit, CancellationToken ct) =>
            Act(id, queue, () => queue.CancelAsync(id, audit, ct), "Only waiting or running jobs can be cancelled.", ct)).RequireAuthorization(Policies.Steward);

        group.MapPost("/{id:long}/retry", (long id, JobQueue queue, AuditLog audit, CancellationToken ct) =>
            Act(id, queue, () => queue.RetryAsync(id, audit, ct), "Only failed, cancelled or scheduled jobs can be retried.", ct)).RequireAuthorization(Policies.Steward);

        group.MapDelete("/{id:long}", (long id, JobQueue queue, AuditLog audit, CancellationToken ct) =>
            Act(id, queue, () => queue.DeleteAsync(id, audit, ct), "Only finished jobs can be deleted; cancel a running one first.", ct)).RequireAuthorization(Policies.Steward);

        return group;
    }

    private static async Task<IResult> Act(long id, JobQueue queue, Func<Task<bool>> action, string refusal, CancellationToken ct)
    {
        if (await action())
            return await queue.GetAsync(id, ct) is { } job ? Results.Ok(JobDto.From(job, DateTimeOffset.UtcNow)) : Results.NoContent();
        return await queue.GetAsync(id, ct) is null
            ? Results.NotFound()
            : Results.Problem(refusal, statusCode: StatusCodes.Status409Conflict);
    }
}
