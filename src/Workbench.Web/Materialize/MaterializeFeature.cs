using Workbench.Core.Mapping;
using Workbench.Core.Sql;
using Workbench.Application.Jobs;
using Workbench.Application.Materialize;
using Workbench.Web.Account;
using Workbench.Web.Hosting;

namespace Workbench.Web.Materialize;

/// <summary>Materialization of approved view versions: the job kind, the request service and its HTTP endpoint.</summary>
public static class MaterializeFeature
{
    public static IServiceCollection AddMaterializeFeature(this IServiceCollection services)
    {
        services.AddScoped<IJobHandler, MaterializeViewJob>();
        services.AddScoped<MaterializeRequests>();
        return services;
    }

    public static IEndpointRouteBuilder MapMaterializeFeature(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api/views/{id:guid}/versions/{version:int}", "Materialize");
        api.RequireAuthorization(Policies.Steward).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/materialize", MaterializeAsync)
            .WithName("MaterializeVersion")
            .WithSummary("Queues a job that writes the rows of an approved version into a table.")
            .Produces<Enqueued>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>The answer of a queued materialization: the job, and where to follow it.</summary>
    public sealed record Enqueued(long JobId, string Job);

    /// <summary>
    /// Body of the request: where the rows go (the workbench's database, or the registered PostgreSQL source
    /// <c>destinationSourceId</c>); <c>mode</c> is <c>replace</c> (the default) or <c>append</c>.
    /// </summary>
    public sealed record MaterializeBody(
        string? Schema, string? Table, WriteMode Mode = WriteMode.Replace, RejectsPolicy Rejects = RejectsPolicy.Table, Guid? DestinationSourceId = null);

    private static async Task<IResult> MaterializeAsync(Guid id, int version, MaterializeBody body, MaterializeRequests requests, CancellationToken ct)
    {
        var payload = new MaterializeViewPayload(id, version, new TableName(body.Schema ?? "", body.Table ?? ""), body.Mode, body.Rejects, body.DestinationSourceId);
        return await requests.EnqueueAsync(payload, ct) switch
        {
            MaterializeOutcome.Enqueued e => TypedResults.Accepted($"/api/jobs/{e.JobId}", new Enqueued(e.JobId, $"/api/jobs/{e.JobId}")),
            MaterializeOutcome.NotApproved n => ApiProblem.Result(StatusCodes.Status409Conflict,
                $"Version {version} is {n.Status.Name()}; only approved versions are materialized."),
            MaterializeOutcome.Dissolved d => ApiProblem.Result(StatusCodes.Status409Conflict, d.Message),
            MaterializeOutcome.InvalidDestination d => ApiProblem.Result(StatusCodes.Status400BadRequest, d.Problem),
            _ => ApiProblem.Result(StatusCodes.Status404NotFound, $"View {id} has no version {version}."),
        };
    }
}
