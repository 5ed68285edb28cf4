using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Application.Sources;
using Workbench.Connectors.Contract;
using Workbench.Web.Account;
using Workbench.Web.Hosting;

namespace Workbench.Web.Sources;

/// <summary>
/// Sources over HTTP (docs/http-api.md, "Sources"), through the same <see cref="SourceService"/> as the source pages,
/// so roles aside, the audit, the secrets handling and the sentences are theirs. Reading is for every signed-in role;
/// changes, tests and discovery are for stewards.
/// </summary>
internal static class SourceEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var sources = app.MapApiGroup("/api/sources", "Sources");
        sources.MapGet("/", async (SourceService service, CancellationToken ct) =>
                TypedResults.Ok((await service.ListAsync(ct)).Select(SourceDto.From).ToList()))
            .WithName("ListSources").WithSummary("The registered sources with their status; secrets appear only as the names of those set.");
        sources.MapGet("/{id:guid}", async (Guid id, SourceService service, CancellationToken ct) =>
                await service.FindAsync(id, ct) is { } source ? Results.Ok(SourceDto.From(source)) : NoSuchSource(id))
            .WithName("GetSource").WithSummary("One source; secrets appear only as the names of those set.")
            .Produces<SourceDto>().ProducesProblem(StatusCodes.Status404NotFound);
        sources.MapPost("/", CreateAsync).RequireRole(Policies.Steward)
            .WithName("CreateSource")
            .WithSummary("Registers a source, tests it and discovers its datasets; a source that cannot be reached is still saved, marked failed.")
            .Produces<SourceDto>(StatusCodes.Status201Created);
        sources.MapPut("/{id:guid}", UpdateAsync).RequireRole(Policies.Steward)
            .WithName("UpdateSource")
            .WithSummary("Changes a source and discovers its datasets again; a secret left out keeps its stored value while host, account and the like stay the same.")
            .Produces<SourceDto>().ProducesProblem(StatusCodes.Status404NotFound);
        sources.MapDelete("/{id:guid}", DeleteAsync).RequireRole(Policies.Steward)
            .WithName("DeleteSource").WithSummary("Deletes a source and its datasets.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        sources.MapPost("/test", TestDraftAsync).RequireRole(Policies.Steward)
            .WithName("TestSourceDraft").WithSummary("Tests a source that is not saved (the form's Test connection); nothing is stored.")
            .Produces<ConnectionCheckDto>();
        sources.MapPost("/{id:guid}/test", async (Guid id, SourceService service, CancellationToken ct) =>
                await service.FindAsync(id, ct) is null ? NoSuchSource(id) : Results.Ok(ConnectionCheckDto.From(await service.TestAsync(id, ct))))
            .RequireRole(Policies.Steward)
            .WithName("TestSource").WithSummary("Tests a registered source's connection and records the outcome as its status.")
            .Produces<ConnectionCheckDto>().ProducesProblem(StatusCodes.Status404NotFound);
        sources.MapPost("/{id:guid}/discover", DiscoverAsync).RequireRole(Policies.Steward)
            .WithName("DiscoverSource").WithSummary("Tests a source and, when it answers, discovers its datasets again (a dataset keeps its id while its name stays).")
            .Produces<DiscoveryDto>().ProducesProblem(StatusCodes.Status404NotFound);
        sources.MapGet("/{id:guid}/datasets", DatasetsAsync)
            .WithName("ListSourceDatasets").WithSummary("The datasets discovered in a source.")
            .Produces<List<DatasetSummaryDto>>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> CreateAsync(SourceBody body, SourceService service, CancellationToken ct)
    {
        var (draft, problem) = body.ToDraft();
        if (problem is not null)
            return Invalid(problem);
        try
        {
            var id = await service.CreateAsync(draft!, cancellationToken: ct);
            return TypedResults.Created($"/api/sources/{id}", SourceDto.From((await service.FindAsync(id, ct))!));
        }
        catch (SourceException ex)
        {
            return Invalid(ex.Message);
        }
    }

    private static async Task<IResult> UpdateAsync(Guid id, SourceBody body, SourceService service, CancellationToken ct)
    {
        var (draft, problem) = body.ToDraft();
        if (problem is not null)
            return Invalid(problem);
        if (await service.FindAsync(id, ct) is null)
            return NoSuchSource(id);
        try
        {
            await service.UpdateAsync(id, draft!, ct);
            return await service.FindAsync(id, ct) is { } source ? Results.Ok(SourceDto.From(source)) : NoSuchSource(id);
        }
        catch (SourceException ex)
        {
            return Invalid(ex.Message);
        }
    }

    private static async Task<IResult> DeleteAsync(Guid id, SourceService service, CancellationToken ct)
    {
        if (await service.FindAsync(id, ct) is null)
            return NoSuchSource(id);
        await service.DeleteAsync(id, ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> TestDraftAsync(SourceBody body, SourceService service, CancellationToken ct)
    {
        var (draft, problem) = body.ToDraft();
        if (problem is not null)
            return Invalid(problem);
        return Results.Ok(ConnectionCheckDto.From(await service.TestDraftAsync(draft!, cancellationToken: ct)));
    }

    private static async Task<IResult> DiscoverAsync(Guid id, SourceService service, SourceStore store, CancellationToken ct)
    {
        if (await service.FindAsync(id, ct) is null)
            return NoSuchSource(id);
        var check = await service.RefreshAsync(id, ct);
        var datasets = await store.DatasetsAsync(id, ct);
        return Results.Ok(new DiscoveryDto(check.Ok, check.Message, datasets.Select(DatasetSummaryDto.From).ToList()));
    }

    private static async Task<IResult> DatasetsAsync(Guid id, SourceService service, SourceStore store, CancellationToken ct) =>
        await service.FindAsync(id, ct) is null
            ? NoSuchSource(id)
            : Results.Ok((await store.DatasetsAsync(id, ct)).Select(DatasetSummaryDto.From).ToList());

    private static ProblemHttpResult Invalid(string problem) => ApiProblem.Result(StatusCodes.Status400BadRequest, problem);

    private static ProblemHttpResult NoSuchSource(Guid id) => ApiProblem.Result(StatusCodes.Status404NotFound, $"There is no source {id}.");
}
