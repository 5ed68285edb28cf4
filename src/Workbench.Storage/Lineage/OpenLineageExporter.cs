using System.Runtime.CompilerServices;
using Dapper;
using Npgsql;
using Workbench.Core.Lineage.OpenLineage;

namespace Workbench.Storage.Lineage;

/// <summary>
/// Job runs as OpenLineage run events: START, then COMPLETE, FAIL or ABORT once the run ended, with the
/// datasets read, the tables written and each written column's input fields (columnLineage facet).
/// </summary>
public sealed class OpenLineageExporter(NpgsqlDataSource dataSource)
{
    private sealed record RunRow(Guid RunId, long NodeId, string JobNamespace, string JobName, string VersionKey, string State, DateTime StartedAt, DateTime? EndedAt, string? ErrorMessage, string Producer);

    private sealed record DatasetRow(long Id, string Namespace, string Name);

    private sealed record ColumnRow(long TableId, string Column, string Namespace, string Dataset, string Field, string? Transform, string TransformType);

    private const string RunColumns = """
        run_id as RunId, node_id as NodeId, job_namespace as JobNamespace, job_name as JobName, version_key as VersionKey,
        state, started_at as StartedAt, ended_at as EndedAt, error_message as ErrorMessage, producer
        """;

    /// <summary>The events of one run, oldest first; null when there is no such run.</summary>
    public async Task<IReadOnlyList<RunEvent>?> RunEventsAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var run = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            $"select {RunColumns} from lineage_run where run_id = @RunId", new { RunId = runId }, cancellationToken: cancellationToken));
        return run is null ? null : await EventsAsync(connection, run, cancellationToken);
    }

    /// <summary>Every run's events, oldest run first, read run by run so a large store streams.</summary>
    public async IAsyncEnumerable<RunEvent> AllEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var runIds = (await connection.QueryAsync<Guid>(new CommandDefinition(
            "select run_id from lineage_run order by started_at, run_id", cancellationToken: cancellationToken))).AsList();
        foreach (var runId in runIds)
        {
            var run = await connection.QuerySingleAsync<RunRow>(new CommandDefinition(
                $"select {RunColumns} from lineage_run where run_id = @RunId", new { RunId = runId }, cancellationToken: cancellationToken));
            foreach (var runEvent in await EventsAsync(connection, run, cancellationToken))
                yield return runEvent;
        }
    }

    private static async Task<IReadOnlyList<RunEvent>> EventsAsync(NpgsqlConnection connection, RunRow run, CancellationToken cancellationToken)
    {
        var inputs = (await connection.QueryAsync<DatasetRow>(new CommandDefinition("""
            select n.id, n.namespace, n.qualified_name as Name from lineage_edge e join lineage_node n on n.id = e.from_node
            where e.to_node = @NodeId and e.kind = 'input' order by n.qualified_name
            """, new { run.NodeId }, cancellationToken: cancellationToken))).AsList();
        var outputs = (await connection.QueryAsync<DatasetRow>(new CommandDefinition("""
            select n.id, n.namespace, n.qualified_name as Name from lineage_edge e join lineage_node n on n.id = e.to_node
            where e.from_node = @NodeId and e.kind = 'output' order by n.qualified_name
            """, new { run.NodeId }, cancellationToken: cancellationToken))).AsList();
        var columns = (await connection.QueryAsync<ColumnRow>(new CommandDefinition("""
            select c.parent_id as TableId, c.display_name as Column, d.namespace, d.qualified_name as Dataset, f.display_name as Field,
                   e.transform, e.transform_type as TransformType
            from lineage_edge e
            join lineage_node c on c.id = e.to_node
            join lineage_node f on f.id = e.from_node
            join lineage_node d on d.id = f.parent_id
            where e.kind = 'maps' and e.version_key = @VersionKey and c.parent_id = any(@Tables)
            order by c.display_name, d.qualified_name, f.display_name
            """, new { run.VersionKey, Tables = outputs.Select(o => o.Id).ToArray() }, cancellationToken: cancellationToken))).AsList();

        var inputInfos = inputs.Select(i => new DatasetInfo(i.Namespace, i.Name)).ToList();
        var outputInfos = outputs.Select(o => new DatasetInfo(o.Namespace, o.Name, ColumnFacet(columns.Where(c => c.TableId == o.Id)))).ToList();
        var job = new JobInfo(run.JobNamespace, run.JobName);
        var events = new List<RunEvent>
        {
            new("START", AsUtc(run.StartedAt), new RunInfo(run.RunId), job, inputInfos, outputInfos, run.Producer, OpenLineageSpec.RunEventSchema),
        };
        if (run.State != "RUNNING")
        {
            var facets = run.State == "FAIL"
                ? new RunFacets(new ErrorMessageFacet(run.Producer, OpenLineageSpec.ErrorMessageSchema, run.ErrorMessage ?? "The run failed.", "C#"))
                : null;
            events.Add(new RunEvent(
                run.State, AsUtc(run.EndedAt ?? run.StartedAt), new RunInfo(run.RunId, facets), job, inputInfos, outputInfos,
                run.Producer, OpenLineageSpec.RunEventSchema));
        }
        return events;
    }

    private static DatasetFacets? ColumnFacet(IEnumerable<ColumnRow> rows)
    {
        var fields = rows
            .GroupBy(r => r.Column, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => new ColumnLineageField(g.Select(r => new InputField(r.Namespace, r.Dataset, r.Field, [TransformationOf(r)])).ToList()),
                StringComparer.Ordinal);
        return fields.Count == 0 ? null : new DatasetFacets(new ColumnLineageFacet(OpenLineageSpec.Producer, OpenLineageSpec.ColumnLineageSchema, fields));
    }

    private static Transformation TransformationOf(ColumnRow row) => row.TransformType == "INDIRECT"
        ? new Transformation("INDIRECT", Description: row.Transform)
        : new Transformation("DIRECT", string.IsNullOrEmpty(row.Transform) ? "IDENTITY" : "TRANSFORMATION", row.Transform);

    private static DateTimeOffset AsUtc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
