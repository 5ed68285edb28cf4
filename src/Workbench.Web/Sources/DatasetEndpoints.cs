using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Application.Sources;
using Workbench.Connectors.Contract;
using Workbench.Core.Sources;
using Workbench.Web.Account;
using Workbench.Web.Hosting;

namespace Workbench.Web.Sources;

/// <summary>
/// Datasets over HTTP (docs/http-api.md, "Sources"): a dataset's schema and profile for every signed-in role; reading
/// its rows and profiling it, which read the source, for stewards, as on the dataset page. Both are audited by the
/// services they go through (<c>dataset.read</c>, <c>dataset.profile</c>).
/// </summary>
internal static class DatasetEndpoints
{
    /// <summary>The most rows one sample answers, as the dataset page reads.</summary>
    public const int MaxSampleRows = 1000;

    public static void Map(IEndpointRouteBuilder app)
    {
        var datasets = app.MapApiGroup("/api/datasets", "Sources");
        datasets.MapGet("/{id:guid}", async (Guid id, SourceStore store, CancellationToken ct) =>
                await store.DatasetAsync(id, ct) is { } dataset ? Results.Ok(DatasetDto.From(dataset)) : NoSuchDataset(id))
            .WithName("GetDataset").WithSummary("A dataset: its schema (fields with their types), where it lives in its source, and its last profile.")
            .Produces<DatasetDto>().ProducesProblem(StatusCodes.Status404NotFound);
        datasets.MapGet("/{id:guid}/rows", RowsAsync).RequireRole(Policies.Steward)
            .WithName("ReadDatasetRows").WithSummary($"Reads the first rows of a dataset live from its source (limit: 1 to {MaxSampleRows}, 100 by default).")
            .Produces<SampleDto>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        datasets.MapPost("/{id:guid}/profile", ProfileAsync).RequireRole(Policies.Steward)
            .WithName("ProfileDataset")
            .WithSummary("Profiles a dataset on a sample (mode=sample, the default: Sources:ProfileSampleRows rows) or on all its rows (mode=full), and stores the profile.")
            .Produces<ProfileDto>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> RowsAsync(Guid id, int? limit, SourceStore store, IDatasetReader reader, CancellationToken ct)
    {
        if (limit is < 1 or > MaxSampleRows)
            return ApiProblem.Result(StatusCodes.Status400BadRequest, $"limit must be between 1 and {MaxSampleRows}.");
        if (await store.DatasetAsync(id, ct) is not { } dataset)
            return NoSuchDataset(id);
        var diagnostics = new ReadDiagnostics();
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        try
        {
            await foreach (var row in reader.ReadAsync(id, new ReadRequest(Limit: limit ?? 100), diagnostics, ct))
                rows.Add(row.ToDictionary(v => v.Key, v => SampleDto.Value(v.Value)));
        }
        catch (Exception ex) when (ex is SourceException or MalformedRecordException)
        {
            return Unreadable(ex);
        }
        return Results.Ok(new SampleDto(id, dataset.Fields.Select(f => f.Name).ToList(), rows, diagnostics.MalformedCount, diagnostics.Notes));
    }

    private static async Task<IResult> ProfileAsync(Guid id, string? mode, SourceStore store, SourceService service, SourcesOptions options, CancellationToken ct)
    {
        if (mode is not (null or "sample" or "full"))
            return ApiProblem.Result(StatusCodes.Status400BadRequest, $"mode must be sample or full (not '{mode}').");
        if (await store.DatasetAsync(id, ct) is null)
            return NoSuchDataset(id);
        try
        {
            var profile = await service.ProfileAsync(id, mode == "full" ? null : options.ProfileSampleRows, cancellationToken: ct);
            return Results.Ok(ProfileDto.From(profile));
        }
        catch (Exception ex) when (ex is SourceException or MalformedRecordException)
        {
            return Unreadable(ex);
        }
    }

    /// <summary>The source could not be read: the connector's sentence (never a secret), as the dataset page shows it.</summary>
    private static ProblemHttpResult Unreadable(Exception ex) => ApiProblem.Result(StatusCodes.Status422UnprocessableEntity,
        ex is MalformedRecordException ? $"{ex.Message}. The source is set to fail on malformed records; edit it to skip them." : ex.Message);

    private static ProblemHttpResult NoSuchDataset(Guid id) => ApiProblem.Result(StatusCodes.Status404NotFound, $"There is no dataset {id}.");
}
