using System.Text;
using Microsoft.EntityFrameworkCore;
using Workbench.Engine.Quality.Model;
using Workbench.Core.Sources;
using Workbench.Application.Mapping;
using Workbench.Application.Quality;
using Workbench.Storage.Store;
using Workbench.Web.Shared;

namespace Workbench.Web.Quality;

/// <summary>Quality previews in the web app: previews of views, stored runs, their report as JSON and their issues as CSV.</summary>
public static class QualityFeature
{
    public static WebApplication MapQualityFeature(this WebApplication app)
    {
        app.MapGet("/api/quality/runs/{id:long}", async (long id, QualityRunStore runs, CancellationToken cancellationToken) =>
            await runs.GetAsync(id, cancellationToken) is { Summary: { } summary }
                ? Results.Text((summary with { Issues = await runs.IssuesAsync(id, cancellationToken) }).ToJson(), "application/json")
                : Results.NotFound());
        app.MapGet("/api/quality/runs/{id:long}/issues.csv", async (long id, QualityRunStore runs, CancellationToken cancellationToken) =>
            await runs.GetAsync(id, cancellationToken) is { Summary: { } summary }
                ? Results.File(Encoding.UTF8.GetBytes(IssueCsv.Write(summary.Sources, await runs.IssuesAsync(id, cancellationToken))),
                    "text/csv; charset=utf-8", $"quality-run-{id}-issues.csv")
                : Results.NotFound());
        ViewPreviewEndpoints.Map(app);
        return app;
    }
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
