namespace Workbench.Core.Sources;

/// <summary>
/// The datasets the workbench knows and a way to look at a few of their rows. Mapping and quality depend
/// on this, not on how a source is reached.
/// </summary>
public interface IDatasetCatalog
{
    Task<IReadOnlyList<DatasetDescriptor>> ListDatasetsAsync(CancellationToken cancellationToken = default);

    Task<DatasetDescriptor?> FindDatasetAsync(Guid datasetId, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> rows read live from the source, field name to value.</summary>
    Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> SampleRowsAsync(Guid datasetId, int limit, CancellationToken cancellationToken = default);
}
