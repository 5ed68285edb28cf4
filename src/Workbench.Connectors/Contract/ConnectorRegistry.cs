using Workbench.Core.Sources;

namespace Workbench.Connectors.Contract;

/// <summary>Picks the connector for a source's kind.</summary>
public sealed class ConnectorRegistry(IEnumerable<ISourceConnector> connectors)
{
    private readonly Dictionary<SourceKind, ISourceConnector> _byKind = connectors.ToDictionary(c => c.Kind);

    public IReadOnlyCollection<SourceKind> Kinds => _byKind.Keys;

    public ISourceConnector For(SourceKind kind) =>
        _byKind.TryGetValue(kind, out var connector)
            ? connector
            : throw new SourceException($"No connector is installed for sources of kind {kind}.");
}
