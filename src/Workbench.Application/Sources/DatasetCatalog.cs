using System.Runtime.CompilerServices;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Postgres;
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

    public IAsyncEnumerable<SourceRow> ReadAsync(
        Guid datasetId, ReadRequest request, ReadDiagnostics? diagnostics = null, CancellationToken cancellationToken = default) =>
        ReadAsync(datasetId, request, diagnostics, turns: null, cancellationToken);

    /// <summary>
    /// This catalog as a reader whose reads of a PostgreSQL dataset first wait for a turn among that source's reads
    /// (<see cref="SourceReadPools"/>), the turns pushed-down previews and queries take: the reader of streamed
    /// previews and queries, so a hundred at once open no more connections to a source than its limit.
    /// </summary>
    public IDatasetReader TakingTurns(SourceReadPools turns) => new TurnTakingReader(this, turns);

    private async IAsyncEnumerable<SourceRow> ReadAsync(
        Guid datasetId, ReadRequest request, ReadDiagnostics? diagnostics, SourceReadPools? turns,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var dataset = await store.DatasetAsync(datasetId, cancellationToken) ?? throw new SourceException("The dataset no longer exists.");
        var (_, connection) = await store.ConnectionAsync(dataset.SourceId, cancellationToken) ?? throw new SourceException("The source no longer exists.");
        await audit.RecordAsync(new AuditEntry("dataset.read", "dataset", datasetId.ToString(),
            Details: new { Dataset = $"{dataset.SourceName}.{dataset.Name}", request.Limit, Fields = request.Fields?.Count }), cancellationToken);
        // Keyed as a pushed-down read of the source is, so both kinds share the source's limit. Held until the read
        // ends; a run reads its datasets one after another, so it never holds two turns and cannot block itself.
        using var turn = turns is not null && connection.Kind == SourceKind.PostgreSql
            ? await turns.EnterAsync(PostgresSettings.ConnectionString(connection, forStreaming: true), cancellationToken)
            : null;
        var locator = new DatasetLocator(dataset.Locator) { Fields = dataset.Fields.Select(f => f.Name).ToList() };
        await foreach (var row in connectors.For(connection.Kind).ReadAsync(connection, locator, request, diagnostics ?? new ReadDiagnostics(), cancellationToken))
            yield return row;
    }

    private sealed class TurnTakingReader(DatasetCatalog catalog, SourceReadPools turns) : IDatasetReader
    {
        public IAsyncEnumerable<SourceRow> ReadAsync(
            Guid datasetId, ReadRequest request, ReadDiagnostics? diagnostics = null, CancellationToken cancellationToken = default) =>
            catalog.ReadAsync(datasetId, request, diagnostics, turns, cancellationToken);
    }

    private static DatasetDescriptor Describe(StoredDataset d) => new(d.Id, d.SourceId, d.SourceName, d.Name, d.Fields);
}
