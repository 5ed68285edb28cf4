using System.Runtime.CompilerServices;
using Workbench.Core.Sources;

namespace Workbench.UnitTests.Views;

/// <summary>A catalog and reader over rows held in the test, recording what each read asked for.</summary>
internal sealed class InMemoryDatasets(params (DatasetDescriptor Dataset, IReadOnlyList<object?[]> Rows)[] datasets) : IDatasetCatalog, IDatasetReader
{
    public List<(Guid DatasetId, ReadRequest Request)> Reads { get; } = [];

    public Task<IReadOnlyList<DatasetDescriptor>> ListDatasetsAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<DatasetDescriptor>>(datasets.Select(d => d.Dataset).ToList());

    public Task<DatasetDescriptor?> FindDatasetAsync(Guid datasetId, CancellationToken cancellationToken = default) =>
        Task.FromResult(datasets.Select(d => d.Dataset).FirstOrDefault(d => d.Id == datasetId));

    public Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> SampleRowsAsync(Guid datasetId, int limit, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The builder never samples.");

    /// <summary>Rows hold every field of the dataset in schema order; the read returns only the projected ones, like a connector.</summary>
    public async IAsyncEnumerable<SourceRow> ReadAsync(
        Guid datasetId, ReadRequest request, ReadDiagnostics? diagnostics = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Reads.Add((datasetId, request));
        var (dataset, rows) = datasets.Single(d => d.Dataset.Id == datasetId);
        var all = dataset.Fields.Select(f => f.Name).ToList();
        var fields = request.Fields is { Count: > 0 } projected ? projected : all;
        var shape = new RowShape(fields);
        var ordinal = 0L;
        foreach (var row in rows)
        {
            await Task.Yield();
            yield return new SourceRow(shape, fields.Select(f => row[all.IndexOf(f)]).ToArray(), new RowPosition(++ordinal));
        }
    }
}
