using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Application.Query;
using Workbench.Engine.Query;
using Workbench.Web.Account;
using Workbench.Web.Hosting;
using Workbench.Web.Shared;

namespace Workbench.Web.Query;

/// <summary>
/// <c>POST /api/views/{id}/query</c> (a page of rows as JSON) and <c>GET /api/views/{id}/query.csv</c> (every matching
/// row as CSV), in the Views group; stewards, approvers and admins may read (docs/query.md).
/// </summary>
public static class QueryEndpoints
{
    /// <summary>One filter: <c>op</c> is is, is not, is null, is not null, is invalid, =, !=, &lt;, &lt;=, &gt;, &gt;= or between (with <c>to</c>).</summary>
    public sealed record WhereBody(string? Field, string? Op, string? Value, string? To);

    /// <summary>The body of a query; every member is optional.</summary>
    /// <param name="Version">Default: the newest approved version, or the newest when none is approved.</param>
    /// <param name="Sort">A target field or <c>_key</c> (the default).</param>
    public sealed record QueryBody(int? Version, IReadOnlyList<WhereBody>? Where, string? Sort, bool? Descending, int? Offset, int? Limit);

    // Rows are written as they are turned into JSON, and the response flushed every so many, so a large page never
    // sits whole in a buffer.
    private const int FlushEvery = 256;

    public static IEndpointRouteBuilder MapQueryFeature(this IEndpointRouteBuilder app)
    {
        var views = app.MapApiGroup("/api/views", "Views");
        views.MapPost("/{id:guid}/query", QueryAsync)
            .RequireRole(Policies.ViewReader)
            .WithName("QueryView")
            .WithSummary("A page of the merged rows of a view version: filters, order, offset and limit, with the total of matching rows.")
            .WithDescription("Body: {\"version\": 2, \"where\": [{\"field\": \"_source\", \"op\": \"is\", \"value\": \"legacy\"}, "
                + "{\"field\": \"premium\", \"op\": \"between\", \"value\": \"100\", \"to\": \"500\"}], \"sort\": \"premium\", \"descending\": true, "
                + $"\"offset\": 0, \"limit\": 100}}. At most {ViewQuery.MaxLimit} rows a page and offset + limit at most {ViewQuery.MaxWindow}. "
                + "Answer: {viewId, version, engine, columns, total, rows: [[cell, ...], ...]}, written as it is produced.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        views.MapGet("/{id:guid}/query.csv", ExportAsync)
            .RequireRole(Policies.ViewReader)
            .WithName("ExportViewQueryCsv")
            .WithSummary("Every merged row of a view version that the filters keep, as CSV, streamed.")
            .WithDescription("where=FILTER (repeatable, as the CLI's --where: \"premium is null\", \"_source is legacy\"), version=N. "
                + "Cells a spreadsheet would run as formulas are guarded.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<IResult> QueryAsync(Guid id, QueryBody? body, ViewQueryService queries, CancellationToken cancellationToken)
    {
        ViewQuery query;
        try
        {
            query = ToQuery(body ?? new QueryBody(null, null, null, null, null, null));
        }
        catch (QueryRejectedException ex)
        {
            return Problem(new ViewQueryResult.Rejected(ex.Message));
        }
        var result = await queries.PageAsync(id, body?.Version, query, cancellationToken);
        return result is ViewQueryResult.Page page
            ? Results.Stream(stream => WriteJsonAsync(stream, id, page, cancellationToken), "application/json")
            : Problem(result);
    }

    private static async Task<IResult> ExportAsync(Guid id, int? version, string[]? where, ViewQueryService queries, CancellationToken cancellationToken)
    {
        ViewQuery query;
        try
        {
            query = new ViewQuery((where ?? []).SelectMany(QueryFilterText.Parse).ToList());
        }
        catch (QueryRejectedException ex)
        {
            return Problem(new ViewQueryResult.Rejected(ex.Message));
        }
        var result = await queries.StreamAsync(id, version, query, cancellationToken);
        return result is ViewQueryResult.AllRows rows
            ? Results.Stream(stream => QueryCsv.WriteAsync(stream, rows.Columns, rows.Rows, cancellationToken), "text/csv; charset=utf-8",
                $"view-{id}-v{rows.Version}.csv")
            : Problem(result);
    }

    /// <summary>The body as the engine takes it; filters in parts become the engine's (between gives two).</summary>
    public static ViewQuery ToQuery(QueryBody body) => new(
        (body.Where ?? []).SelectMany(w => QueryFilterText.FromParts(w.Field, w.Op, w.Value, w.To)).ToList(),
        body.Sort is { Length: > 0 } sort ? new QuerySort(sort, body.Descending ?? false) : null,
        body.Offset ?? 0,
        body.Limit ?? ViewQuery.DefaultLimit);

    private static async Task WriteJsonAsync(Stream stream, Guid id, ViewQueryResult.Page page, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("viewId", id);
        json.WriteNumber("version", page.Version);
        json.WriteString("engine", page.Rows.Engine);
        json.WriteStartArray("columns");
        foreach (var column in page.Rows.Columns)
            json.WriteStringValue(column);
        json.WriteEndArray();
        json.WriteNumber("total", page.Rows.Total);
        json.WriteStartArray("rows");
        var written = 0;
        foreach (var row in page.Rows.Rows)
        {
            json.WriteStartArray();
            foreach (var cell in row.Cells())
                json.WriteStringValue(cell);
            json.WriteEndArray();
            if (++written % FlushEvery == 0)
                await json.FlushAsync(cancellationToken);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    private static ProblemHttpResult Problem(ViewQueryResult result)
    {
        var (status, message, reason) = result switch
        {
            ViewQueryResult.Rejected r => (StatusCodes.Status400BadRequest, r.Message, "invalid"),
            ViewQueryResult.Dissolved d => (StatusCodes.Status409Conflict, d.Message, "dissolved"),
            ViewQueryResult.Failed f => (StatusCodes.Status422UnprocessableEntity, f.Message, "failed"),
            ViewQueryResult.NotFound n => (StatusCodes.Status404NotFound, n.Message, "not-found"),
            _ => throw new InvalidOperationException($"{result} is not a refusal."),
        };
        return ApiProblem.Result(status, message, new Dictionary<string, object?> { ["error"] = message, ["reason"] = reason });
    }
}

/// <summary>Rows of a query as CSV (RFC 4180), written as they come; cells a spreadsheet would run as formulas are guarded by <see cref="CsvFormulaGuard"/>.</summary>
public static class QueryCsv
{
    private const int FlushEvery = 1024;

    public static async Task WriteAsync(Stream stream, IReadOnlyList<string> columns, IAsyncEnumerable<QueryRow> rows, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        await writer.WriteAsync(Line(columns));
        var written = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(Line(row.Cells()));
            if (++written % FlushEvery == 0)
                await writer.FlushAsync(cancellationToken);
        }
        await writer.FlushAsync(cancellationToken);
    }

    public static string Line(IEnumerable<string?> cells) => string.Join(',', cells.Select(Cell)) + "\r\n";

    private static string Cell(string? value)
    {
        value = CsvFormulaGuard.Cell(value);
        if (string.IsNullOrEmpty(value))
            return "";
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
