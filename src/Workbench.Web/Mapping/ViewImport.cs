using Workbench.Core.Mapping;
using Workbench.Application.Mapping;

namespace Workbench.Web.Mapping;

/// <summary>Import of a spec: a new view, or the next version of the view of that name.</summary>
public static class ViewImport
{
    public static async Task<SaveOutcome> ImportAsync(ViewStore store, ViewSpec spec, int? expectedVersion, CancellationToken ct = default)
    {
        var existing = await store.FindIdByNameAsync(spec.Name, ct);
        if (existing is null)
            return await store.CreateAsync(spec, ct);
        var current = await store.GetAsync(existing.Value, cancellationToken: ct);
        return await store.SaveAsync(existing.Value, expectedVersion ?? current?.Version ?? 0, spec, ct);
    }
}
