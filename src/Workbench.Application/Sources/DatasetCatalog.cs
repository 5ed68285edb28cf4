using System.Runtime.CompilerServices;
using Workbench.Connectors.Contract;
using Workbench.Core.Sources;
using Workbench.Application.Audit;

namespace Workbench.Application.Sources;

/// <summary>
/// The datasets of every registered source (<see cref="IDatasetCatalog"/>) and their rows streamed live
/// through the source's connector (<see cref="IDatasetReader"/>). Each read is audited as <c>dataset.read</c>.
/// </summary>
public sealed class DatasetCatalog(SourceStore store, ConnectorRegistry connectors, AuditLog audit) : IDatasetCatalog, IDatasetReader
{
    public async Task<IReadOnlyList<DatasetDescriptor>> ListDatasetsAsync(CancellationToken cancellationToken = default) =>
        (await store.DatasetsAsync(null, cancellationToken)).Select(Describe).ToList();

    public async Task<DatasetDescriptor?> FindDatasetAsync(Guid datasetId, CancellationToken cancellationToken = default) =>
        await store.DatasetAsync(datasetId, cancellationToken) is { } d ? Describe(d) : null;

    public async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> SampleRowsAsync(Guid datasetId, int limit, CancellationToken cancellationToken = default)
    {
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        await foreach (var row in ReadAsync(datasetId, new ReadRequest(Limit: Math.Clamp(limit, 0, 10_000)), null, cancellationToken))
            rows.Add(row);
        return rows;
    }

    public async IAsyncEnumerable<SourceRow> ReadAsync(
        Guid datasetId, ReadRequest request, ReadDiagnostics? diagnostics = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var dataset = await store.DatasetAsync(datasetId, cancellationToken) ?? throw new SourceException("The dataset no longer exists.");
        var (_, connection) = await store.ConnectionAsync(dataset.SourceId, cancellationToken) ?? throw new SourceException("The source no longer exists.");
        await audit.RecordAsync(new AuditEntry("dataset.read", "dataset", datasetId.ToString(),
            Details: new { Dataset = $"{dataset.SourceName}.{dataset.Name}", request.Limit, Fields = request.Fields?.Count }), cancellationToken);
        var locator = new DatasetLocator(dataset.Locator) { Fields = dataset.Fields.Select(f => f.Name).ToList() };
        await foreach (var row in connectors.For(connection.Kind).ReadAsync(connection, locator, request, diagnostics ?? new ReadDiagnostics(), cancellationToken))
            yield return row;
    }

    private static DatasetDescriptor Describe(StoredDataset d) => new(d.Id, d.SourceId, d.SourceName, d.Name, d.Fields);
}
