using Workbench.Application.Mapping;
using Workbench.Web.Account;
using Workbench.Web.Hosting;

namespace Workbench.Web.Mapping;

/// <summary>
/// Dissolving, restoring and deleting views over HTTP (docs/mapping.md, "Dissolving a view"). Refusals answer
/// ProblemDetails with <c>error</c> and <c>reason</c>, like the approvals.
/// </summary>
internal static class ViewLifecycleEndpoints
{
    /// <summary>The body of a dissolve: why the view ends (required).</summary>
    public sealed record DissolveBody(string? Reason);

    /// <summary>The answer of an action that was done.</summary>
    public sealed record Done(Guid ViewId, string Message);

    public static void Map(IEndpointRouteBuilder app)
    {
        var views = app.MapApiGroup("/api/views", "Views");
        views.MapPost("/{id:guid}/dissolve", (Guid id, DissolveBody? body, ViewLifecycle lifecycle, CancellationToken ct) =>
                AnswerAsync(id, lifecycle.DissolveAsync(id, body?.Reason, ct)))
            .RequireRole(Policies.Steward)
            .WithName("DissolveView")
            .WithSummary("Dissolves a view: it leaves the lists, its cached previews are dropped, and it can no longer be previewed, submitted, approved or materialized.")
            .WithDescription("Body: {\"reason\": \"...\"} (required). Refused (409) while a materialization job of the view is enqueued or running. Its versions, jobs, lineage and audit stay readable.")
            .Produces<Done>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        views.MapPost("/{id:guid}/restore", (Guid id, ViewLifecycle lifecycle, CancellationToken ct) =>
                AnswerAsync(id, lifecycle.RestoreAsync(id, ct)))
            .RequireRole(Policies.Admin)
            .WithName("RestoreView")
            .WithSummary("Restores a dissolved view (admins).")
            .Produces<Done>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        views.MapDelete("/{id:guid}", (Guid id, ViewLifecycle lifecycle, CancellationToken ct) =>
                AnswerAsync(id, lifecycle.DeleteDraftViewAsync(id, ct)))
            .RequireRole(Policies.Steward)
            .WithName("DeleteView")
            .WithSummary("Deletes a view that only ever had drafts; one with a submitted, approved or materialized version is refused (dissolve it instead).")
            .Produces<Done>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> AnswerAsync(Guid id, Task<ViewLifecycleOutcome> action)
    {
        var outcome = await action;
        if (outcome.Succeeded)
            return TypedResults.Ok(new Done(id, outcome.Message));
        var (status, reason) = outcome.Result switch
        {
            ViewLifecycleResult.NotFound => (StatusCodes.Status404NotFound, "not-found"),
            ViewLifecycleResult.Forbidden => (StatusCodes.Status403Forbidden, "forbidden"),
            ViewLifecycleResult.Refused => (StatusCodes.Status409Conflict, "refused"),
            _ => (StatusCodes.Status400BadRequest, "invalid"),
        };
        return ApiProblem.Result(status, outcome.Message, new Dictionary<string, object?> { ["error"] = outcome.Message, ["reason"] = reason });
    }
}
