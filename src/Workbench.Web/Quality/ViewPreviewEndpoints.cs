using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using Workbench.Engine.Quality.Model;
using Workbench.Application.Privacy;
using Workbench.Application.Quality;
using Workbench.Web.Account;
using Workbench.Web.Hosting;

namespace Workbench.Web.Quality;

/// <summary><c>POST /api/views/{id}/preview[?version=N][&amp;fresh=true]</c>: runs (or serves from the cache) the preview of a view version.</summary>
internal static class ViewPreviewEndpoints
{
    /// <summary>Maps the preview in the Quality group (<c>/api</c>).</summary>
    public static void Map(RouteGroupBuilder api) =>
        api.MapPost("/views/{id:guid}/preview", PreviewAsync).RequireRole(Policies.Steward)
            .WithName("PreviewView")
            .WithSummary("Previews the newest (or a given) version of a view, or serves the preview from the cache.")
            .WithDescription("fresh=true reads the sources anyway. changes: the keys that gained or lost issues since the previous run of the same version, " +
                "and the issues remaining (null without such a run). The issues of the run: GET /api/quality/runs/{runId}.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

    /// <summary>200 with the run id, the report's summary and the key changes since the previous run (its issues: <c>GET /api/quality/runs/{runId}</c>); 422 with the stored failed run's reason; 409 for a dissolved view; 404 for an unknown view or version.</summary>
    private static async Task<IResult> PreviewAsync(Guid id, int? version, bool? fresh, ViewPreviewService previews, QualityRunStore runs, PersonalDataAccess access,
        CancellationToken cancellationToken)
    {
        var result = await previews.RunAsync(id, version, useCache: fresh != true, withIssues: false, cancellationToken: cancellationToken);
        return result switch
        {
            ViewPreviewResult.Succeeded s => await SucceededAsync(id, s, runs, access, cancellationToken),
            ViewPreviewResult.Failed f => ApiProblem.Result(StatusCodes.Status422UnprocessableEntity, f.Error,
                new Dictionary<string, object?> { ["runId"] = f.RunId, ["error"] = f.Error }),
            ViewPreviewResult.Dissolved d => ApiProblem.Result(StatusCodes.Status409Conflict, d.Message,
                new Dictionary<string, object?> { ["error"] = d.Message, ["reason"] = "dissolved" }),
            ViewPreviewResult.Cancelled c => Results.StatusCode(StatusCodes.Status499ClientClosedRequest),
            _ => NoSuchView($"No view {id}" + (version is null ? "." : $" version {version}.")),
        };
    }

    /// <summary>The summary and key changes as a user without the personal-data permission may see them: personal values masked.</summary>
    private static async Task<IResult> SucceededAsync(Guid id, ViewPreviewResult.Succeeded s, QualityRunStore runs, PersonalDataAccess access, CancellationToken cancellationToken)
    {
        var masking = await access.ForViewAsync(id, s.Outcome.Run.ViewVersion, null, cancellationToken);
        return Results.Text(JsonSerializer.Serialize(new
        {
            runId = s.Outcome.Run.Id,
            viewId = id,
            version = s.Outcome.Run.ViewVersion,
            cached = s.Outcome.Cached,
            skippedRecords = s.SkippedRecords,
            summary = MaskedReport.Of(s.Outcome.Report with { Issues = [] }, masking),
            changes = MaskedReport.Of(await runs.KeyChangesAsync(s.Outcome.Run, s.Outcome.Previous, cancellationToken), masking),
        }, QualityReport.Json), "application/json");
    }

    private static ProblemHttpResult NoSuchView(string error) =>
        ApiProblem.Result(StatusCodes.Status404NotFound, error, new Dictionary<string, object?> { ["error"] = error });
}
