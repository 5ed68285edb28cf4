using Workbench.Core.Mapping;
using Workbench.Core.Sources;
using Workbench.Application.Mapping;

namespace Workbench.Web.Mapping;

/// <summary>
/// Creates the demo's "Policy migration" view the first time the views page finds no view at all while the
/// demo datasets are in the catalog (they are registered by the sources feature, possibly after start-up).
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
