using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Application.Query;
using Workbench.Engine.Query;
using Workbench.Web.Account;
using Workbench.Web.Hosting;

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
                + "Answer: {viewId, version, engine, columns, rows: [[cell, ...], ...], total}, written as it is produced.")
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
            ? Results.Stream(stream => QueryJson.WriteAsync(stream, id, page.Version, page.Rows.Engine, page.Rows.Columns, page.Rows.Rows.ToAsyncEnumerable(),
                page.Rows.Total, cancellationToken), "application/json")
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
