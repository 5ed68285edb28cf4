using Workbench.Connectors.Contract;
using Workbench.Core.Sources;

namespace Workbench.IntegrationTests.Sources;

internal static class ConnectorTestExtensions
{
    public static async Task<List<SourceRow>> ReadAllAsync(
        this ISourceConnector connector, SourceConnection connection, DatasetLocator locator, ReadRequest? request = null, ReadDiagnostics? diagnostics = null)
    {
        var rows = new List<SourceRow>();
        await foreach (var row in connector.ReadAsync(connection, locator, request ?? ReadRequest.All, diagnostics ?? new ReadDiagnostics()))
            rows.Add(row);
        return rows;
    }
}
