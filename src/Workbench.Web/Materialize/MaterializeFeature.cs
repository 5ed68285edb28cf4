using Workbench.Core.Sql;
using Workbench.Storage.Jobs;
using Workbench.Storage.Materialize;
using Workbench.Web.Account;

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
        app.MapPost("/api/views/{id:guid}/versions/{version:int}/materialize", MaterializeAsync)
            .RequireAuthorization(Policies.Steward)
            .WithTags("Materialize");
        return app;
    }

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
            MaterializeOutcome.Enqueued e => Results.Accepted($"/api/jobs/{e.JobId}", new { jobId = e.JobId, job = $"/api/jobs/{e.JobId}" }),
            MaterializeOutcome.NotApproved n => Results.Problem(
                $"Version {version} is {n.Status}; only approved versions are materialized.", statusCode: StatusCodes.Status409Conflict),
            MaterializeOutcome.InvalidDestination d => Results.Problem(d.Problem, statusCode: StatusCodes.Status400BadRequest),
            _ => Results.Problem($"View {id} has no version {version}.", statusCode: StatusCodes.Status404NotFound),
        };
    }
}
