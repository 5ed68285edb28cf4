using Npgsql;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Postgres;
using Workbench.Core.Lineage;
using Workbench.Core.Sources;
using Workbench.Core.Sql;
using Workbench.Application.Sources;

namespace Workbench.Application.Materialize;

/// <summary>
/// The database a view is materialized into: the workbench's own (<see cref="SharesStore"/>: the rows, lineage, audit
/// and the job's completion commit together) or a registered PostgreSQL source the workbench may write to (the
/// rows commit there first with their effect row; lineage, audit and completion follow in the store, and a retry
/// after a crash between the two finds the effect applied and writes only those).
/// </summary>
public sealed class MaterializeDestination
{
    private readonly NpgsqlDataSource? _store;
    private readonly string? _connectionString;

    private MaterializeDestination(NpgsqlDataSource? store, string? connectionString, string? sourceName, TableName table)
    {
        _store = store;
        _connectionString = connectionString;
        SourceName = sourceName;
        Table = table;
    }

    /// <summary>The registered source written to; null for the workbench's database.</summary>
    public string? SourceName { get; }

    public TableName Table { get; }

    public bool SharesStore => _store is not null;

    /// <summary>Where the table stands, for the job's label and summary.</summary>
    public string Describe() => Describe(SourceName, Table);

    public static string Describe(string? sourceName, TableName table) => sourceName is null ? table.ToString() : $"{table} in {sourceName}";

    /// <summary>
    /// The table's lineage node. In a source it is named as discovery names that source's datasets, so the run and a
    /// later discovery of the table meet in one node.
    /// </summary>
    public DatasetRef LineageRef => SourceName is null
        ? MaterializeLineage.Table(Table)
        : new DatasetRef(LineageNamespaces.Workbench, $"{SourceName}.{Table}");

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (_store is not null)
            return await _store.OpenConnectionAsync(cancellationToken);
        var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>The destination of a request, or why it cannot be one (a table name refused, a missing source, one that is not PostgreSQL).</summary>
    public static async Task<(MaterializeDestination? Destination, string? Problem)> ResolveAsync(
        NpgsqlDataSource store, SourceStore sources, Guid? sourceId, TableName? table, CancellationToken cancellationToken)
    {
        if (DestinationTable.Problem(table, inWorkbench: sourceId is null) is { } problem)
            return (null, problem);
        if (sourceId is not { } id)
            return (new MaterializeDestination(store, null, null, table!), null);
        if (await sources.ConnectionAsync(id, cancellationToken) is not var (source, connection))
            return (null, "The destination source no longer exists.");
        if (source.Kind != SourceKind.PostgreSql)
            return (null, $"{source.Name} is a {source.Kind} source; only PostgreSQL sources can take a materialized table.");
        try
        {
            // A bulk write, like a streamed read: no command timeout (the job is cancellable) and the large buffer.
            return (new MaterializeDestination(null, PostgresSettings.ConnectionString(connection, forStreaming: true, forWriting: true), source.Name, table!), null);
        }
        catch (SourceException ex)
        {
            return (null, $"{source.Name}: {ex.Message}");
        }
    }
}
