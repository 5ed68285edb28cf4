using Workbench.Core.Schema;
using Workbench.Core.Sources;

namespace Workbench.Connectors.Contract;

/// <summary>
/// How the workbench reaches one kind of source. Adding a kind (e.g. MongoDB) is one class implementing
/// this, registered in <see cref="ConnectorRegistry"/>, and its tests; nothing else changes.
/// </summary>
/// <remarks>
/// Connectors are stateless singletons: everything about a source comes in <see cref="SourceConnection"/>.
/// Failures a user can act on (unreachable host, wrong password, 401, missing file...) are thrown as
/// <see cref="SourceException"/> with a readable message that never contains a secret.
/// </remarks>
public interface ISourceConnector
{
    SourceKind Kind { get; }

    /// <summary>Reaches the source and answers within the source's timeout.</summary>
    Task<ConnectionCheck> TestAsync(SourceConnection connection, CancellationToken cancellationToken = default);

    /// <summary>The datasets the source offers, with their fields (declared or inferred types).</summary>
    Task<IReadOnlyList<DiscoveredDataset>> DiscoverAsync(SourceConnection connection, CancellationToken cancellationToken = default);

    /// <summary>The fields of one dataset the user named (a SQL query, an API path, a file).</summary>
    Task<IReadOnlyList<FieldSchema>> DescribeAsync(SourceConnection connection, DatasetLocator locator, CancellationToken cancellationToken = default);

    /// <summary>
    /// Streams rows. Projection, filters, ordering and limit are pushed to the source where it can do them
    /// and applied here otherwise; ordering is refused (<see cref="SourceException"/>) where the source cannot sort.
    /// </summary>
    IAsyncEnumerable<SourceRow> ReadAsync(
        SourceConnection connection, DatasetLocator locator, ReadRequest request, ReadDiagnostics diagnostics,
        CancellationToken cancellationToken = default);
}

/// <summary>
/// The outcome of "test connection": reached or not, and what to tell the user; <see cref="Warnings"/> are risks
/// found on a connection that works (e.g. a database user that could change data).
/// </summary>
public sealed record ConnectionCheck(bool Ok, string Message, TimeSpan Elapsed)
{
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>A dataset found by discovery: its name, how to find it again, its fields.</summary>
public sealed record DiscoveredDataset(string Name, DatasetLocator Locator, IReadOnlyList<FieldSchema> Fields);
