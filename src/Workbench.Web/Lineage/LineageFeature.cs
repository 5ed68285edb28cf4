using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Workbench.Core.Lineage;
using Workbench.Core.Lineage.OpenLineage;
using Workbench.Application.Lineage;
using Workbench.Storage.Store;
using Workbench.Web.Account;

namespace Workbench.Web.Lineage;

/// <summary>The lineage store, its page and its HTTP API. Every endpoint is mapped here, so access rules apply in one place.</summary>
public static class LineageFeature
{

    public static RouteGroupBuilder MapLineageFeature(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/lineage").WithTags("Lineage");
        api.MapGet("/nodes", async (string? search, int? limit, LineageQueries queries, CancellationToken ct) =>
            Results.Ok(await queries.SearchAsync(search, limit ?? 20, ct)));
        api.MapGet("/nodes/{id:long}", async (long id, LineageDetailsQuery details, CancellationToken ct) =>
            await details.DetailsAsync(id, ct) is { } found ? Results.Ok(found) : NoSuchNode(id));
        api.MapGet("/nodes/{id:long}/upstream", (long id, int? depth, string? level, LineageQueries queries, CancellationToken ct) =>
            WalkAsync(queries, id, LineageDirection.Upstream, depth, level, ct));
        api.MapGet("/nodes/{id:long}/downstream", (long id, int? depth, string? level, LineageQueries queries, CancellationToken ct) =>
            WalkAsync(queries, id, LineageDirection.Downstream, depth, level, ct));
        api.MapGet("/nodes/{id:long}/impact", async (long id, int? depth, LineageDetailsQuery details, CancellationToken ct) =>
            await details.ImpactAsync(id, depth ?? 10, ct) is { } impact ? Results.Ok(impact) : NoSuchNode(id));
        api.MapGet("/runs/{runId:guid}/openlineage", async (Guid runId, OpenLineageExporter exporter, CancellationToken ct) =>
            await exporter.RunEventsAsync(runId, ct) is { } events
                ? Results.Json(events, RunEvent.JsonOptions)
                : Results.Problem($"There is no run {runId}.", statusCode: StatusCodes.Status404NotFound));
        api.MapGet("/openlineage", WriteAllEventsAsync);
        api.MapPost("", IngestAsync).RequireAuthorization(Policies.Steward);
        return api;
    }

    private static async Task<IResult> WalkAsync(
        LineageQueries queries, long id, LineageDirection direction, int? depth, string? level, CancellationToken ct)
    {
        if (!TryParseLevel(level, out var parsed))
            return Results.Problem("level must be 'column' or 'dataset'.", statusCode: StatusCodes.Status400BadRequest);
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

    private static IResult Refused(IReadOnlyList<string> errors) =>
        Results.Json(
            new { title = "The run event is not valid OpenLineage.", status = 400, errors },
            statusCode: StatusCodes.Status400BadRequest);

    private static IResult NoSuchNode(long id) =>
        Results.Problem($"There is no lineage node {id}.", statusCode: StatusCodes.Status404NotFound);
}
