using Microsoft.AspNetCore.Http.HttpResults;
using Workbench.Core.Mapping;
using Workbench.Application.Mapping;
using Workbench.Web.Account;
using Workbench.Web.Hosting;

namespace Workbench.Web.Mapping;

/// <summary>The view spec over HTTP: list, export and import (documented in docs/mapping.md, "View spec").</summary>
internal static class ViewSpecEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var views = app.MapApiGroup("/api/views", "Views");
        views.MapGet("/", async (bool? dissolved, ViewStore store, CancellationToken ct) => TypedResults.Ok(await store.ListAsync(dissolved == true, ct)))
            .WithName("ListViews").WithSummary("The views: id, name, current version, status, last saved at and by.")
            .WithDescription("dissolved=true lists the dissolved views instead, with who dissolved them, when and why.");
        views.MapGet("/{id:guid}/spec", ExportAsync)
            .WithName("ExportViewSpec").WithSummary("The spec of the newest (or a given) version, as a download.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        views.MapPost("/import", ImportAsync).RequireRole(Policies.Steward)
            .WithName("ImportViewSpec")
            .WithSummary("Creates the view of a spec, or saves the spec as the next version of the view of that name.")
            .WithDescription("With expectedVersion=N the save happens only if nobody saved since version N (409 otherwise).")
            .ReadsJsonBody("A view spec (format workbench.view/1), as exported by GET /api/views/{id}/spec.")
            .Produces<Imported>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>The answer of an import: the view and the version it saved.</summary>
    public sealed record Imported(Guid Id, int Version);

    private static ProblemHttpResult Refusal(int status, string error, params (string Name, object? Value)[] more)
    {
        var fields = new Dictionary<string, object?> { ["error"] = error };
        foreach (var (name, value) in more)
            fields[name] = value;
        return ApiProblem.Result(status, error, fields);
    }

    private static async Task<IResult> ExportAsync(Guid id, int? version, ViewStore store, CancellationToken ct)
    {
        var found = await store.GetAsync(id, version, ct);
        if (found is null)
            return Refusal(StatusCodes.Status404NotFound, $"No view {id}" + (version is null ? "." : $" version {version}."));
        var fileName = $"{Slug(found.Spec.Name)}.v{found.Version}.view.json";
        return new FileNamed(Results.Text(ViewSpecJson.Serialize(found.Spec), "application/json", System.Text.Encoding.UTF8), fileName);
    }

    /// <summary>
    /// Creates the view, or when one has the same name, saves the spec as its next version. <c>?expectedVersion=N</c>
    /// makes that save conditional (409 when someone saved since N).
    /// </summary>
    private static async Task<IResult> ImportAsync(HttpRequest request, int? expectedVersion, ViewStore store, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(ct);
        if (!ViewSpecJson.TryDeserialize(json, out var spec, out var error))
            return Refusal(StatusCodes.Status400BadRequest, error);
        var outcome = await ViewImport.ImportAsync(store, spec, expectedVersion, ct);
        return outcome switch
        {
            SaveOutcome.Saved s => TypedResults.Created($"/api/views/{s.ViewId}/spec", new Imported(s.ViewId, s.Version)),
            SaveOutcome.Conflict c => Refusal(StatusCodes.Status409Conflict,
                $"Version {c.CurrentVersion} was saved by {c.CurrentAuthor} after version {c.ExpectedVersion}; export it, merge, and import again.",
                ("currentVersion", c.CurrentVersion)),
            SaveOutcome.NameTaken n => Refusal(StatusCodes.Status409Conflict, $"A view named {n.Name} already exists."),
            SaveOutcome.Invalid i => Refusal(StatusCodes.Status400BadRequest, i.Message),
            _ => Refusal(StatusCodes.Status404NotFound, "The view was deleted while the spec was imported."),
        };
    }

    private static string Slug(string name) =>
        new string(name.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');

    /// <summary>Adds a download file name to a result.</summary>
    private sealed class FileNamed(IResult inner, string fileName) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
            return inner.ExecuteAsync(httpContext);
        }
    }
}
