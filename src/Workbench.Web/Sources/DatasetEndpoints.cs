using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Application.Privacy;
using Workbench.Application.Sources;
using Workbench.Connectors.Contract;
using Workbench.Core.Privacy;
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
        datasets.MapGet("/{id:guid}", GetAsync)
            .WithName("GetDataset")
            .WithSummary("A dataset: its schema (fields with their types), where it lives in its source, its last profile (personal values masked unless unmask=purpose) and its personal data marks.")
            .Produces<DatasetDto>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status403Forbidden);
        datasets.MapPut("/{id:guid}/personal-data/{field}", DecideAsync).RequireRole(Policies.Steward)
            .WithName("MarkPersonalData")
            .WithSummary("Confirms a field as personal data of a kind ({\"kind\": \"email\"}) or clears its mark ({\"kind\": null}).")
            .Produces<DatasetDto>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status400BadRequest);
        datasets.MapGet("/{id:guid}/rows", RowsAsync).RequireRole(Policies.Steward)
            .WithName("ReadDatasetRows").WithSummary($"Reads the first rows of a dataset live from its source (limit: 1 to {MaxSampleRows}, 100 by default).")
            .Produces<SampleDto>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        datasets.MapPost("/{id:guid}/profile", ProfileAsync).RequireRole(Policies.Steward)
            .WithName("ProfileDataset")
            .WithSummary("Profiles a dataset on a sample (mode=sample, the default: Sources:ProfileSampleRows rows) or on all its rows (mode=full), and stores the profile.")
            .Produces<ProfileDto>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> GetAsync(Guid id, string? unmask, SourceStore store, PersonalDataAccess access, PersonalDataMarks marks, CancellationToken ct)
    {
        if (await store.DatasetAsync(id, ct) is not { } dataset)
            return NoSuchDataset(id);
        return await MaskedAsync(id, unmask, access, async masking =>
        {
            await access.RecordShownAsync("dataset", id, masking, dataset.Profile?.Fields.Sum(f => f.TopValues.Count) ?? 0, ct);
            return Results.Ok(DatasetDto.From(dataset, masking, await marks.ListAsync(id, ct)));
        }, ct);
    }

    private static async Task<IResult> DecideAsync(
        Guid id, string field, PersonalDataDecisionDto decision, SourceStore store, PersonalDataMarks marks, PersonalDataAccess access, CancellationToken ct)
    {
        if (await store.DatasetAsync(id, ct) is not { } dataset)
            return NoSuchDataset(id);
        if (dataset.Fields.All(f => f.Name != field))
            return ApiProblem.Result(StatusCodes.Status404NotFound, $"The dataset has no field '{field}'.");
        PersonalDataKind? kind = null;
        if (decision.Kind is { } text)
        {
            if (!Enum.TryParse<PersonalDataKind>(text, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed) || int.TryParse(text, out _))
                return ApiProblem.Result(StatusCodes.Status400BadRequest, $"kind must be one of {string.Join(", ", Enum.GetNames<PersonalDataKind>())} or null.");
            kind = parsed;
        }
        await marks.DecideAsync(id, field, kind, ct);
        return Results.Ok(DatasetDto.From(dataset, await access.ForDatasetAsync(id, null, ct), await marks.ListAsync(id, ct)));
    }

    private static async Task<IResult> RowsAsync(Guid id, int? limit, string? unmask, SourceStore store, IDatasetReader reader, PersonalDataAccess access, CancellationToken ct)
    {
        if (limit is < 1 or > MaxSampleRows)
            return ApiProblem.Result(StatusCodes.Status400BadRequest, $"limit must be between 1 and {MaxSampleRows}.");
        if (await store.DatasetAsync(id, ct) is not { } dataset)
            return NoSuchDataset(id);
        return await MaskedAsync(id, unmask, access, async masking =>
        {
            var diagnostics = new ReadDiagnostics();
            var rows = new List<IReadOnlyDictionary<string, object?>>();
            try
            {
                await foreach (var row in reader.ReadAsync(id, new ReadRequest(Limit: limit ?? 100), diagnostics, ct))
                    rows.Add(row.ToDictionary(v => v.Key, v => SampleDto.Value(masking.Value(v.Key, v.Value))));
            }
            catch (Exception ex) when (ex is SourceException or MalformedRecordException)
            {
                return Unreadable(ex);
            }
            await access.RecordShownAsync("dataset", id, masking, rows.Count, ct);
            return Results.Ok(new SampleDto(id, dataset.Fields.Select(f => f.Name).ToList(), rows, diagnostics.MalformedCount, diagnostics.Notes));
        }, ct);
    }

    private static async Task<IResult> ProfileAsync(
        Guid id, string? mode, SourceStore store, SourceService service, SourcesOptions options, PersonalDataAccess access, CancellationToken ct)
    {
        if (mode is not (null or "sample" or "full"))
            return ApiProblem.Result(StatusCodes.Status400BadRequest, $"mode must be sample or full (not '{mode}').");
        if (await store.DatasetAsync(id, ct) is null)
            return NoSuchDataset(id);
        try
        {
            var profile = await service.ProfileAsync(id, mode == "full" ? null : options.ProfileSampleRows, cancellationToken: ct);
            // After profiling: the profile may just have proposed marks, and the answer masks by them.
            return Results.Ok(ProfileDto.From(MaskedProfile.Of(profile, await access.ForDatasetAsync(id, null, ct))));
        }
        catch (Exception ex) when (ex is SourceException or MalformedRecordException)
        {
            return Unreadable(ex);
        }
    }

    /// <summary>
    /// Runs <paramref name="answer"/> with the masking the request asks for: masked, or unmasked for
    /// <paramref name="unmask"/> (a purpose) when the user holds the permission; 400 for an unknown purpose, 403 without it.
    /// </summary>
    private static async Task<IResult> MaskedAsync(Guid id, string? unmask, PersonalDataAccess access, Func<FieldMasking, Task<IResult>> answer, CancellationToken ct)
    {
        UnmaskPurpose? purpose = null;
        if (unmask is not null && (purpose = UnmaskPurposes.Parse(unmask)) is null)
            return ApiProblem.Result(StatusCodes.Status400BadRequest, $"unmask must be a purpose: {string.Join(", ", Enum.GetNames<UnmaskPurpose>())}.");
        try
        {
            return await answer(await access.ForDatasetAsync(id, purpose, ct));
        }
        catch (PersonalDataAccessException ex)
        {
            return ApiProblem.Result(StatusCodes.Status403Forbidden, ex.Message);
        }
    }

    /// <summary>The source could not be read: the connector's sentence (never a secret), as the dataset page shows it.</summary>
    private static ProblemHttpResult Unreadable(Exception ex) => ApiProblem.Result(StatusCodes.Status422UnprocessableEntity,
        ex is MalformedRecordException ? $"{ex.Message}. The source is set to fail on malformed records; edit it to skip them." : ex.Message);

    private static ProblemHttpResult NoSuchDataset(Guid id) => ApiProblem.Result(StatusCodes.Status404NotFound, $"There is no dataset {id}.");
}
