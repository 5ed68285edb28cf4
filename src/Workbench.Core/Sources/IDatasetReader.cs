namespace Workbench.Core.Sources;

/// <summary>
/// Streams the rows of any registered dataset, whatever kind of source holds it. This is what the quality
/// engine and materialization read through.
/// </summary>
/// <remarks>
/// Rows come one at a time (never a whole dataset in memory); stop enumerating or cancel the token to stop
/// the read at the source. Malformed records are skipped or fail the read as the source is configured;
/// skipped ones are counted in <paramref name="diagnostics"/> with their line or page and the reason.
/// Every read is recorded in the audit trail.
/// </remarks>
public interface IDatasetReader
{
    IAsyncEnumerable<SourceRow> ReadAsync(
        Guid datasetId, ReadRequest request, ReadDiagnostics? diagnostics = null, CancellationToken cancellationToken = default);
}
