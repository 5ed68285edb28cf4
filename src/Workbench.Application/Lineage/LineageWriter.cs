using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Workbench.Core.Lineage;
using Workbench.Core.Schema;
using Workbench.Core.Sources;

namespace Workbench.Application.Lineage;

/// <summary>
/// Writes lineage as a side effect of discovery, approvals and job runs. Every method taking a transaction
/// writes inside it, so lineage exists exactly when the caller's change does. Writing the same thing twice
/// changes nothing: nodes and edges are keyed by what they name.
/// </summary>
/// <remarks>
/// Raw Npgsql, not EF Core: every write is an <c>insert ... on conflict do update</c> upsert (which LINQ cannot
/// express without a read-then-write race), run inside the caller's Npgsql transaction.
/// </remarks>
[SuppressMessage("Performance", "CA1822", Justification = "A service callers take from the container; the members that write in a caller's transaction stay members of it, so every use goes through the service.")]
public sealed class LineageWriter(NpgsqlDataSource dataSource)
{
    /// <summary>A discovered dataset of a source and its fields (discovery has no transaction of its own to share).</summary>
    public async Task RecordDatasetAsync(DatasetDescriptor dataset, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await RecordDatasetAsync(transaction, dataset, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public Task RecordDatasetAsync(NpgsqlTransaction transaction, DatasetDescriptor dataset, CancellationToken cancellationToken = default) =>
        RecordDatasetAsync(transaction, new DatasetRef(LineageNamespaces.Workbench, dataset.QualifiedName), dataset.Fields, dataset.SourceName, cancellationToken);

    /// <summary>A dataset with its fields; under its source when <paramref name="sourceName"/> is given.</summary>
    public async Task<long> RecordDatasetAsync(
        NpgsqlTransaction transaction, DatasetRef dataset, IEnumerable<FieldSchema> fields, string? sourceName = null, CancellationToken cancellationToken = default)
    {
        var nodes = new NodeWriter(transaction, cancellationToken);
        long? sourceId = null;
        if (sourceName is not null)
            sourceId = (await nodes.UpsertAsync(LineageNodeKind.Source, dataset.Namespace, sourceName, sourceName, null, new { })).Id;
        var datasetNode = await nodes.DatasetAsync(dataset, LineageNodeKind.Dataset, sourceId);
        if (sourceId is { } source)
            await nodes.EdgeAsync(source, datasetNode.Id, LineageEdgeKind.Contains);
        foreach (var field in fields)
        {
            var properties = new { type = field.Type.ToString(), nullable = field.Nullable, nativeType = field.NativeType };
            await nodes.FieldAsync(new FieldRef(dataset, field.Name), datasetNode, properties);
        }
        return datasetNode.Id;
    }

    /// <summary>
    /// An approved mapping version: each source field to the target column it feeds, datasets into the view
    /// version into its destination table. Edges of earlier versions of the same view stop showing in walks.
    /// </summary>
    public async Task<long> RecordMappingAsync(
        NpgsqlTransaction transaction, ViewVersionRef viewVersion, IEnumerable<ColumnEdge> edges, CancellationToken cancellationToken = default)
    {
        var nodes = new NodeWriter(transaction, cancellationToken);
        var properties = new
        {
            viewId = viewVersion.ViewId,
            viewName = viewVersion.ViewName,
            version = viewVersion.Version,
            approvedBy = viewVersion.ApprovedBy,
            approvedAt = viewVersion.ApprovedAt,
            authoredBy = viewVersion.AuthoredBy,
        };
        var view = await nodes.UpsertAsync(
            LineageNodeKind.ViewVersion, LineageNamespaces.Views, viewVersion.Key, $"{viewVersion.ViewName} v{viewVersion.Version}", null, properties);
        var destination = await nodes.DatasetAsync(viewVersion.Destination, LineageNodeKind.Table, null);
        await nodes.EdgeAsync(view.Id, destination.Id, LineageEdgeKind.Output, versionKey: viewVersion.Key, viewVersionId: view.Id);
        await WriteColumnEdgesAsync(nodes, edges, viewVersion.Key, view.Id, LineageEdgeKind.Input, view.Id);
        await nodes.SupersedeEarlierVersionsAsync(viewVersion);
        return view.Id;
    }

    /// <summary>
    /// A run of a job: datasets it read into the run into tables it wrote, and the column edges it carried out.
    /// Record it when the run starts and again when it ends; the state only moves forward.
    /// </summary>
    public async Task<long> RecordJobRunAsync(
        NpgsqlTransaction transaction,
        JobRunRecord run,
        IEnumerable<DatasetRef> inputs,
        IEnumerable<DatasetRef> outputs,
        IEnumerable<ColumnEdge> columnEdges,
        string producer = Core.Lineage.OpenLineage.OpenLineageSpec.Producer,
        CancellationToken cancellationToken = default)
    {
        var nodes = new NodeWriter(transaction, cancellationToken);
        var versionKey = run.VersionKey ?? $"{run.JobNamespace}/{run.JobName}";
        var properties = new { runId = run.RunId, jobName = run.JobName, jobNamespace = run.JobNamespace, versionKey };
        var runNode = await nodes.UpsertAsync(
            LineageNodeKind.JobRun, run.JobNamespace, $"{run.JobName}/{run.RunId}", $"{run.JobName} · {run.StartedAt:yyyy-MM-dd HH:mm}", null, properties);
        await using (var upsertRun = Command(transaction, LineageSql.UpsertRun))
        {
            upsertRun.Parameters.AddWithValue("RunId", run.RunId);
            upsertRun.Parameters.AddWithValue("NodeId", runNode.Id);
            upsertRun.Parameters.AddWithValue("JobNamespace", run.JobNamespace);
            upsertRun.Parameters.AddWithValue("JobName", run.JobName);
            upsertRun.Parameters.AddWithValue("VersionKey", versionKey);
            upsertRun.Parameters.AddWithValue("State", run.State.ToString().ToUpperInvariant());
            upsertRun.Parameters.AddWithValue("StartedAt", run.StartedAt);
            upsertRun.Parameters.AddWithValue("EndedAt", NpgsqlDbType.TimestampTz, (object?)run.EndedAt ?? DBNull.Value);
            upsertRun.Parameters.AddWithValue("ErrorMessage", NpgsqlDbType.Text, (object?)run.ErrorMessage ?? DBNull.Value);
            upsertRun.Parameters.AddWithValue("Producer", producer);
            await upsertRun.ExecuteNonQueryAsync(cancellationToken);
        }

        long? viewVersionId;
        await using (var findView = Command(transaction,
            "select id from lineage_node where kind = 'view_version' and namespace = @Namespace and qualified_name = @VersionKey"))
        {
            findView.Parameters.AddWithValue("Namespace", LineageNamespaces.Views);
            findView.Parameters.AddWithValue("VersionKey", versionKey);
            viewVersionId = await findView.ExecuteScalarAsync(cancellationToken) as long?;
        }
        foreach (var input in inputs)
        {
            var dataset = await nodes.DatasetAsync(input, LineageNodeKind.Dataset, null);
            await nodes.EdgeAsync(dataset.Id, runNode.Id, LineageEdgeKind.Input);
        }
        foreach (var output in outputs)
        {
            var table = await nodes.DatasetAsync(output, LineageNodeKind.Table, null);
            await nodes.EdgeAsync(runNode.Id, table.Id, LineageEdgeKind.Output);
        }
        await WriteColumnEdgesAsync(nodes, columnEdges, versionKey, viewVersionId, null, null);
        return runNode.Id;
    }

    /// <summary>Field to column edges, creating the fields, columns and their datasets as needed.</summary>
    private static async Task WriteColumnEdgesAsync(
        NodeWriter nodes, IEnumerable<ColumnEdge> edges, string versionKey, long? viewVersionId, string? inputKind, long? inputTo)
    {
        var datasetsSeen = new HashSet<long>();
        foreach (var edge in edges)
        {
            var sourceDataset = await nodes.DatasetAsync(edge.Source.Dataset, LineageNodeKind.Dataset, null);
            var targetDataset = await nodes.DatasetAsync(edge.Target.Dataset, LineageNodeKind.Table, null);
            var field = await nodes.FieldAsync(edge.Source, sourceDataset, new { });
            var column = await nodes.FieldAsync(edge.Target, targetDataset, new { });
            await nodes.EdgeAsync(
                field.Id, column.Id, LineageEdgeKind.Maps, edge.Transform,
                edge.Type == TransformationType.Indirect ? "INDIRECT" : "DIRECT", versionKey, viewVersionId);
            if (inputKind is not null && inputTo is { } target && datasetsSeen.Add(sourceDataset.Id))
                await nodes.EdgeAsync(sourceDataset.Id, target, inputKind, versionKey: versionKey, viewVersionId: viewVersionId);
        }
    }

    private static NpgsqlCommand Command(NpgsqlTransaction transaction, string sql) => new(sql, transaction.Connection, transaction);

    private sealed record NodeRow(long Id, string Kind);

    /// <summary>Upserts within one transaction.</summary>
    private sealed class NodeWriter(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
        private readonly Dictionary<(string, string), NodeRow> _known = [];

        public async Task<NodeRow> UpsertAsync(string kind, string @namespace, string qualifiedName, string displayName, long? parentId, object properties)
        {
            await using var command = Command(transaction, LineageSql.UpsertNode);
            command.Parameters.AddWithValue("Kind", kind);
            command.Parameters.AddWithValue("Namespace", @namespace);
            command.Parameters.AddWithValue("QualifiedName", qualifiedName);
            command.Parameters.AddWithValue("DisplayName", displayName);
            command.Parameters.AddWithValue("ParentId", NpgsqlDbType.Bigint, (object?)parentId ?? DBNull.Value);
            command.Parameters.AddWithValue("Properties", NpgsqlDbType.Jsonb, JsonSerializer.Serialize(properties, JsonOptions));
            NodeRow row;
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                await reader.ReadAsync(cancellationToken);
                row = new NodeRow(reader.GetInt64(0), reader.GetString(1));
            }
            _known[(@namespace, qualifiedName)] = row;
            return row;
        }

        /// <summary>A dataset or table: a node already known keeps its kind (a table one job writes can be read by the next).</summary>
        public async Task<NodeRow> DatasetAsync(DatasetRef dataset, string kind, long? sourceId) =>
            _known.TryGetValue((dataset.Namespace, dataset.Name), out var known) && sourceId is null
                ? known
                : await UpsertAsync(kind, dataset.Namespace, dataset.Name, dataset.Name, sourceId, new { });

        public async Task<NodeRow> FieldAsync(FieldRef field, NodeRow dataset, object properties)
        {
            if (_known.TryGetValue((field.Dataset.Namespace, field.QualifiedName), out var known))
                return known;
            var kind = dataset.Kind == LineageNodeKind.Table ? LineageNodeKind.Column : LineageNodeKind.Field;
            var node = await UpsertAsync(kind, field.Dataset.Namespace, field.QualifiedName, field.Field, dataset.Id, properties);
            await EdgeAsync(dataset.Id, node.Id, LineageEdgeKind.Contains);
            return node;
        }

        public async Task EdgeAsync(
            long from, long to, string kind, string? transform = null, string transformType = "DIRECT", string versionKey = "", long? viewVersionId = null)
        {
            await using var command = Command(transaction, LineageSql.UpsertEdge);
            command.Parameters.AddWithValue("From", from);
            command.Parameters.AddWithValue("To", to);
            command.Parameters.AddWithValue("Kind", kind);
            command.Parameters.AddWithValue("Transform", NpgsqlDbType.Text, (object?)transform ?? DBNull.Value);
            command.Parameters.AddWithValue("TransformType", transformType);
            command.Parameters.AddWithValue("VersionKey", versionKey);
            command.Parameters.AddWithValue("ViewVersionId", NpgsqlDbType.Bigint, (object?)viewVersionId ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        public async Task SupersedeEarlierVersionsAsync(ViewVersionRef viewVersion)
        {
            await using var command = Command(transaction, LineageSql.SupersedeEarlierVersions);
            command.Parameters.AddWithValue("Namespace", LineageNamespaces.Views);
            command.Parameters.AddWithValue("ViewId", viewVersion.ViewId);
            command.Parameters.AddWithValue("Version", viewVersion.Version);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
