using Workbench.Core.Sources;

namespace Workbench.Web.Mapping;

/// <summary>The catalog when no source feature is installed: no datasets, no rows.</summary>
internal sealed class EmptyDatasetCatalog : IDatasetCatalog
{
    public Task<IReadOnlyList<DatasetDescriptor>> ListDatasetsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DatasetDescriptor>>([]);

    public Task<DatasetDescriptor?> FindDatasetAsync(Guid datasetId, CancellationToken cancellationToken = default) =>
        Task.FromResult<DatasetDescriptor?>(null);

    public Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> SampleRowsAsync(Guid datasetId, int limit, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<IReadOnlyDictionary<string, object?>>>([]);
}
