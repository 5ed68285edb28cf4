using System.Text.Json;
using Npgsql;
using Workbench.Core.Lineage;
using Workbench.Core.Lineage.OpenLineage;
using Workbench.Application.Audit;

namespace Workbench.Application.Lineage;

/// <summary>The outcome of accepting a run event: the run it updated, or why it was refused.</summary>
public sealed record IngestResult(Guid? RunId, IReadOnlyList<string> Errors)
{
    public bool Accepted => Errors.Count == 0;
}

/// <summary>
/// Takes OpenLineage run events from schedulers and other tools into the same graph the workbench writes:
/// validated first, then written with its audit row in one transaction.
/// </summary>
public sealed class OpenLineageIngestor(NpgsqlDataSource dataSource, LineageWriter writer, AuditLog audit)
{
    public async Task<IngestResult> IngestAsync(JsonElement document, CancellationToken cancellationToken = default)
    {
        var errors = RunEventValidator.Validate(document);
        if (errors.Count > 0)
            return new IngestResult(null, errors);
        var runEvent = document.Deserialize<RunEvent>(RunEvent.JsonOptions)
            ?? throw new JsonException("The run event is empty.");

        var state = OpenLineageSpec.StateFor(runEvent.EventType) ?? RunState.Running;
        var ended = state is RunState.Complete or RunState.Fail or RunState.Abort ? runEvent.EventTime : (DateTimeOffset?)null;
        var run = new JobRunRecord(
            runEvent.Run.RunId, runEvent.Job.Namespace, runEvent.Job.Name, state, runEvent.EventTime, ended,
            ErrorMessage: runEvent.Run.Facets?.ErrorMessage?.Message);

        // One Npgsql transaction: the writer's upserts and the audit row both enlist in it.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await writer.RecordJobRunAsync(
            transaction, run,
            (runEvent.Inputs ?? []).Select(d => new DatasetRef(d.Namespace, d.Name)),
            (runEvent.Outputs ?? []).Select(d => new DatasetRef(d.Namespace, d.Name)),
            ColumnEdges(runEvent),
            runEvent.Producer,
            cancellationToken);
        await audit.RecordAsync(transaction, new AuditEntry(
            "lineage.ingest", "job_run", runEvent.Run.RunId.ToString(),
            Details: new { runEvent.EventType, job = $"{runEvent.Job.Namespace}/{runEvent.Job.Name}", runEvent.Producer }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new IngestResult(runEvent.Run.RunId, []);
    }

    private static IEnumerable<ColumnEdge> ColumnEdges(RunEvent runEvent) =>
        from output in runEvent.Outputs ?? []
        where output.Facets?.ColumnLineage is not null
        from column in output.Facets!.ColumnLineage!.Fields
        from input in column.Value.InputFields
        let transformation = input.Transformations is { Count: > 0 } transformations ? transformations[0] : null
        select new ColumnEdge(
            new FieldRef(new DatasetRef(input.Namespace, input.Name), input.Field),
            new FieldRef(new DatasetRef(output.Namespace, output.Name), column.Key),
            transformation?.Description ?? (transformation?.Subtype is { } subtype && subtype != "IDENTITY" ? subtype.ToLowerInvariant() : null),
            transformation?.Type == "INDIRECT" ? TransformationType.Indirect : TransformationType.Direct);
}
