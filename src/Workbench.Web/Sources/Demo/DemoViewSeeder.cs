using Workbench.Core.Mapping;
using Workbench.Core.Sources;
using Workbench.Application.Mapping;

namespace Workbench.Web.Sources.Demo;

/// <summary>
/// Creates the demo's "Policy migration" view at start-up, right after the demo sources (<see cref="DemoSeeder"/>), when
/// the store has no view at all and the demo datasets are in the catalog: so a script finds it as the pages do. A store
/// with any view, dissolved ones included, is left alone, so starting again never adds a second one nor brings back one
/// a steward deleted.
/// </summary>
public sealed class DemoViewSeeder(ViewStore store, IDatasetCatalog catalog)
{
    public async Task<bool> SeedIfEmptyAsync(CancellationToken cancellationToken = default)
    {
        if (await store.AnyAsync(cancellationToken))
            return false;
        var spec = DemoView.Build(await catalog.ListDatasetsAsync(cancellationToken));
        return spec is not null && await store.CreateAsync(spec, cancellationToken) is SaveOutcome.Saved;
    }
}
