using Microsoft.AspNetCore.Http.HttpResults;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Workbench.Engine.Quality.Model;
using Workbench.Core.Sources;
using Workbench.Application.Mapping;
using Workbench.Application.Privacy;
using Workbench.Application.Quality;
using Workbench.Web.Privacy;
using Workbench.Storage.Store;
using Workbench.Web.Hosting;
using Workbench.Core.Text;

namespace Workbench.Web.Quality;

/// <summary>Quality previews in the HTTP API: previews of views, stored runs, their report as JSON and their issues as CSV.</summary>
public static class QualityFeature
{
    /// <summary>Previews of views and their stored runs, in the Quality group of the API.</summary>
    public static IEndpointRouteBuilder MapQualityFeature(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api", "Quality");
        api.MapGet("/quality/runs/{id:long}", GetRunAsync)
            .WithName("GetQualityRun")
            .WithSummary("The stored report of a succeeded run, with its issue sample (personal values masked unless unmask=purpose).")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/quality/runs/{id:long}/issues.csv", GetIssuesCsvAsync)
            .WithName("GetQualityRunIssuesCsv")
            .WithSummary("The issue sample of a succeeded run as CSV, one column per source (personal values masked unless unmask=purpose).")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden);
        ViewPreviewEndpoints.Map(api);
        return app;
    }

    private static async Task<IResult> GetRunAsync(long id, string? unmask, QualityRunStore runs, PersonalDataAccess access, CancellationToken ct) =>
        await runs.GetAsync(id, ct) is { Summary: { } summary } run
            ? await UnmaskParameter.AnswerAsync(unmask, purpose => access.ForViewAsync(run.ViewId, run.ViewVersion, purpose, ct), async masking =>
            {
                var issues = await runs.IssuesAsync(id, ct);
                await access.RecordShownAsync("view", run.ViewId, masking, issues.Count, ct);
                return Results.Text(MaskedReport.Of(summary with { Issues = issues }, masking).ToJson(), "application/json");
            })
            : NoSuchRun(id);

    private static async Task<IResult> GetIssuesCsvAsync(long id, string? unmask, QualityRunStore runs, PersonalDataAccess access, CancellationToken ct) =>
        await runs.GetAsync(id, ct) is { Summary: { } summary } run
            ? await UnmaskParameter.AnswerAsync(unmask, purpose => access.ForViewAsync(run.ViewId, run.ViewVersion, purpose, ct), async masking =>
            {
                var issues = await runs.IssuesAsync(id, ct);
                await access.RecordShownAsync("view", run.ViewId, masking, issues.Count, ct);
                return Results.File(Encoding.UTF8.GetBytes(IssueCsv.Write(summary.Sources, MaskedReport.Issues(issues, masking))),
                    "text/csv; charset=utf-8", $"quality-run-{id}-issues.csv");
            })
            : NoSuchRun(id);

    private static ProblemHttpResult NoSuchRun(long id) =>
        ApiProblem.Result(StatusCodes.Status404NotFound, $"There is no succeeded quality run {id}.");
}

/// <summary>Issue rows as CSV (RFC 4180), one column per source; cells that a spreadsheet would run as formulas are guarded by <see cref="CsvFormulaGuard"/>.</summary>
public static class IssueCsv
{
    public static string Write(IReadOnlyList<string> sources, IEnumerable<IssueRow> issues)
    {
        var csv = new StringBuilder();
        Line(csv, ["key", "kind", "field", "presence", "detail", .. sources]);
        foreach (var issue in issues)
            Line(csv, [issue.Key, issue.Kind, issue.Field, issue.Presence, issue.Detail, .. sources.Select(s => issue.Values.GetValueOrDefault(s))]);
        return csv.ToString();
    }

    private static void Line(StringBuilder csv, IEnumerable<string?> cells)
    {
        csv.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
    }

    private static string Cell(string? value)
    {
        value = CsvFormulaGuard.Cell(value);
        if (string.IsNullOrEmpty(value))
            return "";
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }
}
