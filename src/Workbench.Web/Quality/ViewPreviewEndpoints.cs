using System.Text.Json;
using Workbench.Engine.Quality.Model;
using Workbench.Application.Quality;
using Workbench.Web.Account;

namespace Workbench.Web.Quality;

/// <summary><c>POST /api/views/{id}/preview[?version=N][&amp;fresh=true]</c>: runs (or serves from the cache) the preview of a view version.</summary>
internal static class ViewPreviewEndpoints
{
    public static void Map(IEndpointRouteBuilder app) =>
        app.MapPost("/api/views/{id:guid}/preview", PreviewAsync).RequireAuthorization(Policies.Steward);

    /// <summary>200 with the run id and the report's summary (its issues: <c>GET /api/quality/runs/{runId}</c>); 422 with the stored failed run's reason; 404 for an unknown view or version.</summary>
    private static async Task<IResult> PreviewAsync(Guid id, int? version, bool? fresh, ViewPreviewService previews, CancellationToken cancellationToken)
    {
        var result = await previews.RunAsync(id, version, useCache: fresh != true, cancellationToken: cancellationToken);
        return result switch
        {
            ViewPreviewResult.Succeeded s => Results.Text(JsonSerializer.Serialize(new
            {
                runId = s.Outcome.Run.Id,
                viewId = id,
                version = s.Outcome.Run.ViewVersion,
                cached = s.Outcome.Cached,
                skippedRecords = s.SkippedRecords,
                summary = s.Outcome.Report with { Issues = [] },
            }, QualityReport.Json), "application/json"),
            ViewPreviewResult.Failed f => Results.UnprocessableEntity(new { runId = f.RunId, error = f.Error }),
            ViewPreviewResult.Cancelled c => Results.StatusCode(StatusCodes.Status499ClientClosedRequest),
            _ => Results.NotFound(new { error = $"No view {id}" + (version is null ? "." : $" version {version}.") }),
        };
    }
}
