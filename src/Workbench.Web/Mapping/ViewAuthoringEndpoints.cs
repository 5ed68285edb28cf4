using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Application.Mapping;
using Workbench.Core.Mapping;
using Workbench.Web.Account;
using Workbench.Web.Hosting;

namespace Workbench.Web.Mapping;

/// <summary>
/// Creating a view and saving its versions over HTTP, through the same <see cref="ViewStore"/> calls as the views page
/// and the canvas's Save (so the same limits, conflicts and audit rows). The body is a view spec (docs/mapping.md, "View spec").
/// </summary>
internal static class ViewAuthoringEndpoints
{
    /// <summary>A version that was saved, and where its spec is read back.</summary>
    public sealed record SavedVersion(Guid ViewId, int Version, string Spec);

    /// <summary>One version of a view: who saved it, when, and where it stands in review.</summary>
    public sealed record VersionRow(int Version, string Author, DateTimeOffset CreatedAt, VersionStatus Status);

    public static void Map(IEndpointRouteBuilder app)
    {
        var views = app.MapApiGroup("/api/views", "Views");
        views.MapPost("/", CreateAsync).RequireRole(Policies.Steward)
            .WithName("CreateView").WithSummary("Creates a view from a spec; its version 1 is a draft.")
            .WithDescription("Refused (409) when a view of that name exists: save a version of it instead.")
            .ReadsJsonBody("A view spec (format workbench.view/1): name, datasets, relationships, target fields, mappings, rules.")
            .Produces<SavedVersion>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict);
        views.MapPost("/{id:guid}/versions", SaveAsync).RequireRole(Policies.Steward)
            .WithName("SaveViewVersion").WithSummary("Saves a spec as the next version of a view (a draft).")
            .WithDescription("With expectedVersion=N the save happens only if nobody saved since version N (409 otherwise); without it, after the newest version.")
            .ReadsJsonBody("A view spec (format workbench.view/1), e.g. as read from GET /api/views/{id}/spec and changed.")
            .Produces<SavedVersion>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        views.MapGet("/{id:guid}/versions", async (Guid id, ViewStore store, CancellationToken ct) =>
                await store.ListVersionsAsync(id, ct) is { Count: > 0 } versions
                    ? Results.Ok(versions.Select(v => new VersionRow(v.Version, v.Author, v.CreatedAt, v.Status)).ToList())
                    : NoSuchView(id))
            .WithName("ListViewVersions").WithSummary("The versions of a view, newest first, with their review status.")
            .Produces<List<VersionRow>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, ViewStore store, CancellationToken ct)
    {
        var (spec, error) = await ReadSpecAsync(request, ct);
        return error is not null ? Invalid(error) : Answer(await store.CreateAsync(spec!, ct));
    }

    private static async Task<IResult> SaveAsync(Guid id, int? expectedVersion, HttpRequest request, ViewStore store, CancellationToken ct)
    {
        var (spec, error) = await ReadSpecAsync(request, ct);
        if (error is not null)
            return Invalid(error);
        var current = await store.GetAsync(id, cancellationToken: ct);
        if (current is null)
            return NoSuchView(id);
        return Answer(await store.SaveAsync(id, expectedVersion ?? current.Version, spec!, ct));
    }

    private static async Task<(ViewSpec? Spec, string? Error)> ReadSpecAsync(HttpRequest request, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(ct);
        return ViewSpecJson.TryDeserialize(json, out var spec, out var error) ? (spec, null) : (null, error);
    }

    private static IResult Answer(SaveOutcome outcome) => outcome switch
    {
        SaveOutcome.Saved s => TypedResults.Created($"/api/views/{s.ViewId}/spec?version={s.Version}",
            new SavedVersion(s.ViewId, s.Version, $"/api/views/{s.ViewId}/spec?version={s.Version}")),
        SaveOutcome.Conflict c => Refusal(StatusCodes.Status409Conflict,
            $"Version {c.CurrentVersion} was saved by {c.CurrentAuthor} after version {c.ExpectedVersion}; read it, merge, and save again.",
            "conflict"),
        SaveOutcome.NameTaken n => Refusal(StatusCodes.Status409Conflict,
            $"A view named {n.Name} already exists; save a version of it (POST /api/views/{{id}}/versions) instead.", "name-taken"),
        SaveOutcome.Invalid i => Invalid(i.Message),
        SaveOutcome.NotFound n => NoSuchView(n.ViewId),
        _ => Refusal(StatusCodes.Status409Conflict, "The view could not be saved; read it again and retry.", "refused"),
    };

    private static ProblemHttpResult Invalid(string error) => Refusal(StatusCodes.Status400BadRequest, error, "invalid");

    private static ProblemHttpResult NoSuchView(Guid id) => Refusal(StatusCodes.Status404NotFound, $"No view {id}.", "not-found");

    private static ProblemHttpResult Refusal(int status, string error, string reason) =>
        ApiProblem.Result(status, error, new Dictionary<string, object?> { ["error"] = error, ["reason"] = reason });
}
