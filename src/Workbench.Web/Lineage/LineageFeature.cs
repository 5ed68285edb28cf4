using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workbench.Core.Lineage;
using Workbench.Core.Lineage.OpenLineage;
using Workbench.Application.Lineage;
using Workbench.Storage.Store;
using Workbench.Web.Account;
using Workbench.Web.Hosting;

namespace Workbench.Web.Lineage;

/// <summary>The lineage store, its page and its HTTP API. Every endpoint is mapped here, so access rules apply in one place.</summary>
public static class LineageFeature
{

    public static RouteGroupBuilder MapLineageFeature(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("/api/lineage", "Lineage");
        api.MapGet("/nodes", async (string? search, int? limit, LineageQueries queries, CancellationToken ct) =>
                TypedResults.Ok(await queries.SearchAsync(search, limit ?? 20, ct)))
            .WithName("SearchLineageNodes").WithSummary("Nodes whose name matches the search, columns and fields first.");
        api.MapGet("/nodes/{id:long}", async (long id, LineageDetailsQuery details, CancellationToken ct) =>
                await details.DetailsAsync(id, ct) is { } found ? Results.Ok(found) : NoSuchNode(id))
            .WithName("GetLineageNode").WithSummary("A node's details: parent, children, view versions, last runs.")
            .Produces<LineageNodeDetails>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/nodes/{id:long}/upstream", (long id, int? depth, string? level, LineageQueries queries, CancellationToken ct) =>
                WalkAsync(queries, id, LineageDirection.Upstream, depth, level, ct))
            .Walk("GetLineageUpstream", "The walk upstream: nodes with their depth (negative), edges, containers.");
        api.MapGet("/nodes/{id:long}/downstream", (long id, int? depth, string? level, LineageQueries queries, CancellationToken ct) =>
                WalkAsync(queries, id, LineageDirection.Downstream, depth, level, ct))
            .Walk("GetLineageDownstream", "The walk downstream: nodes with their depth, edges, containers.");
        api.MapGet("/nodes/{id:long}/impact", async (long id, int? depth, LineageDetailsQuery details, CancellationToken ct) =>
                await details.ImpactAsync(id, depth ?? 10, ct) is { } impact ? Results.Ok(impact) : NoSuchNode(id))
            .WithName("GetLineageImpact").WithSummary("What would change downstream of a node, with the approver of each view.")
            .Produces<IReadOnlyList<ImpactItem>>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/runs/{runId:guid}/openlineage", async (Guid runId, OpenLineageExporter exporter, CancellationToken ct) =>
                await exporter.RunEventsAsync(runId, ct) is { } events
                    ? Results.Json(events, RunEvent.JsonOptions)
                    : ApiProblem.Result(StatusCodes.Status404NotFound, $"There is no run {runId}."))
            .WithName("GetRunOpenLineageEvents").WithSummary("A run's OpenLineage run events with the columnLineage facet.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/openlineage", WriteAllEventsAsync)
            .WithName("ExportOpenLineageEvents").WithSummary("Every run's OpenLineage events, one per line (NDJSON).")
            .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson");
        api.MapPost("", IngestAsync).RequireRole(Policies.Steward)
            .WithName("IngestOpenLineageEvents")
            .WithSummary("Records one OpenLineage run event or an array of them; each is validated before any is written.")
            .WithDescription("A refusal is a 400 problem whose errors name each problem by its JSON path.")
            .ReadsJsonBody("One OpenLineage run event, or a JSON array of them.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        return api;
    }

    private static async Task<IResult> WalkAsync(
        LineageQueries queries, long id, LineageDirection direction, int? depth, string? level, CancellationToken ct)
    {
        if (!TryParseLevel(level, out var parsed))
            return ApiProblem.Result(StatusCodes.Status400BadRequest, "level must be 'column' or 'dataset'.");
        return await queries.WalkAsync(id, direction, depth ?? 3, parsed, ct) is { } graph ? Results.Ok(graph) : NoSuchNode(id);
    }

    private static bool TryParseLevel(string? level, out LineageLevel parsed)
    {
        parsed = LineageLevel.Column;
        return string.IsNullOrEmpty(level) || Enum.TryParse(level, ignoreCase: true, out parsed);
    }

    /// <summary>One run event per line (NDJSON), streamed run by run.</summary>
    private static async Task WriteAllEventsAsync(HttpContext context, OpenLineageExporter exporter)
    {
        context.Response.ContentType = "application/x-ndjson";
        await foreach (var runEvent in exporter.AllEventsAsync(context.RequestAborted))
        {
            await context.Response.WriteAsync(runEvent.ToJson(), context.RequestAborted);
            await context.Response.WriteAsync("\n", context.RequestAborted);
        }
    }

    /// <summary>One OpenLineage run event, or a JSON array of them; each is validated before any is written.</summary>
    private static async Task<IResult> IngestAsync(HttpRequest request, OpenLineageIngestor ingestor, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
        }
        catch (JsonException ex)
        {
            return Refused([$"$: the body is not JSON ({ex.Message})"]);
        }
        using (document)
        {
            var events = document.RootElement.ValueKind == JsonValueKind.Array
                ? document.RootElement.EnumerateArray().ToList()
                : [document.RootElement];
            var problems = events
                .SelectMany((e, i) => RunEventValidator.Validate(e).Select(p => events.Count == 1 ? p : $"[{i}] {p}"))
                .ToList();
            if (events.Count == 0)
                problems.Add("$: the array holds no run events");
            if (problems.Count > 0)
                return Refused(problems);
            var runs = new List<Guid?>();
            foreach (var runEvent in events)
                runs.Add((await ingestor.IngestAsync(runEvent, ct)).RunId);
            return Results.Ok(new { accepted = runs.Count, runIds = runs.Distinct() });
        }
    }

    private static ProblemHttpResult Refused(IReadOnlyList<string> errors) =>
        TypedResults.Problem(string.Join("; ", errors), statusCode: StatusCodes.Status400BadRequest,
            title: "The run event is not valid OpenLineage.", extensions: new Dictionary<string, object?> { ["errors"] = errors });

    private static ProblemHttpResult NoSuchNode(long id) =>
        ApiProblem.Result(StatusCodes.Status404NotFound, $"There is no lineage node {id}.");

    private static RouteHandlerBuilder Walk(this RouteHandlerBuilder endpoint, string name, string summary) =>
        endpoint.WithName(name).WithSummary(summary)
            .WithDescription("depth (default 3) bounds the walk; level is column (the default) or dataset.")
            .Produces<LineageGraph>().ProducesProblem(StatusCodes.Status404NotFound);
}
