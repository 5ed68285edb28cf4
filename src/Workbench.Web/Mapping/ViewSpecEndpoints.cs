using Workbench.Core.Mapping;
using Workbench.Application.Mapping;
using Workbench.Web.Account;

namespace Workbench.Web.Mapping;

/// <summary>The view spec over HTTP: list, export and import (documented in the README, "View spec").</summary>
internal static class ViewSpecEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var views = app.MapGroup("/api/views");
        views.MapGet("/", async (ViewStore store, CancellationToken ct) => Results.Ok(await store.ListAsync(ct)));
        views.MapGet("/{id:guid}/spec", ExportAsync);
        views.MapPost("/import", ImportAsync).RequireAuthorization(Policies.Steward);
    }

    private static async Task<IResult> ExportAsync(Guid id, int? version, ViewStore store, CancellationToken ct)
    {
        var found = await store.GetAsync(id, version, ct);
        if (found is null)
            return Results.NotFound(new { error = $"No view {id}" + (version is null ? "." : $" version {version}.") });
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
            return Results.BadRequest(new { error });
        var outcome = await ViewImport.ImportAsync(store, spec, expectedVersion, ct);
        return outcome switch
        {
            SaveOutcome.Saved s => Results.Created($"/api/views/{s.ViewId}/spec", new { id = s.ViewId, version = s.Version }),
            SaveOutcome.Conflict c => Results.Conflict(new
            {
                error = $"Version {c.CurrentVersion} was saved by {c.CurrentAuthor} after version {c.ExpectedVersion}; export it, merge, and import again.",
                currentVersion = c.CurrentVersion,
            }),
            SaveOutcome.NameTaken n => Results.Conflict(new { error = $"A view named {n.Name} already exists." }),
            SaveOutcome.Invalid i => Results.BadRequest(new { error = i.Message }),
            _ => Results.NotFound(),
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
