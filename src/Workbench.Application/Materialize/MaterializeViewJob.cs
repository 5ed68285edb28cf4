using Workbench.Core.Mapping;
using Npgsql;
using Workbench.Connectors.Contract;
using Workbench.Core.Lineage;
using Workbench.Core.Sources;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Views;
using Workbench.Application.Audit;
using Workbench.Application.Jobs;
using Workbench.Application.Lineage;
using Workbench.Application.Mapping;
using Workbench.Application.Sources;

namespace Workbench.Application.Materialize;

/// <summary>
/// Job kind <c>materialize-view</c>: streams the merged rows of an approved view version (the quality engine's join,
/// one row per key) into a destination table through <see cref="TableWriter"/>. The rows, the lineage of the run
/// (datasets -> run -> table, and a column edge per mapped field), the <c>materialize.complete</c> audit row and the
/// job's completion commit in one transaction, keyed by the job's key: a retried or duplicated attempt finds the
/// effect applied and writes nothing, and lineage exists exactly when the rows do. In a registered source's database
/// (<see cref="MaterializeDestination"/>) the rows commit there first and the rest follows in the store; a retry
/// after a crash between the two records it then.
/// </summary>
/// <remarks>
/// Resolved from the job's scope, whose actor is the person who asked for the job: the audit log, the view store and
/// the dataset catalog act in their name.
/// </remarks>
public sealed class MaterializeViewJob(
    NpgsqlDataSource store, SourceStore sources, ViewStore views, DatasetCatalog catalog, LineageWriter lineage, AuditLog audit) : IJobHandler
{
    public const string KindName = "materialize-view";

    public string Kind => KindName;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var startedAt = DateTimeOffset.UtcNow;
        var payload = context.Payload<MaterializeViewPayload>();
        var (destination, problem) = await MaterializeDestination.ResolveAsync(
            store, sources, payload.DestinationSourceId, payload.Destination, cancellationToken);
        if (destination is null)
            throw new PermanentJobException(problem!);
        var version = await views.GetAsync(payload.ViewId, payload.Version, cancellationToken)
            ?? throw new PermanentJobException($"View {payload.ViewId} has no version {payload.Version}.");
        if (version.Status != VersionStatus.Approved)
            throw new PermanentJobException(
                $"{version.Spec.Name} version {version.Version} is {version.Status.Name()}; only approved versions are materialized.");

        var diagnostics = new ReadDiagnostics();
        ViewRunInputs inputs;
        try
        {
            inputs = await new ViewRunInputsBuilder(catalog, catalog).BuildAsync(version.Spec, Options, diagnostics, cancellationToken);
        }
        catch (ViewRunException ex)
        {
            throw new PermanentJobException(ex.Message, ex);
        }

        var columns = DestinationColumn.Of(version.Spec);
        var fields = columns.Select(c => c.Name).ToList();
        var rejects = payload.Rejects == RejectsPolicy.Table ? new RejectsTarget(RejectsTable.Of(payload.Destination), fields) : null;
        if (rejects is not null && RejectsTable.Problem(payload.Destination, fields) is { } rejectsProblem)
            throw new PermanentJobException(rejectsProblem);
        try
        {
            await using var connection = await destination.OpenAsync(cancellationToken);
            await DestinationTable.EnsureSchemaAsync(connection, payload.Destination.Schema, cancellationToken);
            await context.ReportProgressAsync(0, null, cancellationToken);

            var pipe = new MergedRowPipe(inputs.Definition, inputs.Sides, columns,
                new JoinKindFilter(version.Spec.Relationships, inputs.Datasets.Select(d => d.Name).ToList()), payload.Rejects);
            var request = new TableWriteRequest(payload.Destination, fields, payload.Mode, context.Key, Rejects: rejects);
            var created = false;
            Run Run() => new(payload, version.Spec.Name, destination, created, diagnostics);
            object? summary = null;
            var result = await TableWriter.WriteAsync(
                connection, request,
                // In the write's transaction: a table made here is gone again if the job fails.
                async (_, ct) =>
                {
                    created = await DestinationTable.EnsureAsync(connection, payload.Destination, columns, ct);
                    if (rejects is not null)
                        await RejectsTable.EnsureAsync(connection, payload.Destination, fields, ct);
                },
                pipe.ReadAsync(cancellationToken),
                (done, ct) => context.ReportProgressAsync(done, null, ct),
                async (transaction, done, ct) =>
                {
                    // A mismatch throws here, before the destination commits.
                    summary = Run().Summary(Reconciliation.Check(pipe, done), pipe, alreadyApplied: false);
                    if (destination.SharesStore)
                        await RecordAsync(transaction, context, payload, version, destination, summary, startedAt, ct);
                },
                cancellationToken);
            if (result.AlreadyApplied)
                summary = Run().Summary(new Reconciliation(null, null, null, null, result.RowsWritten, null), pipe, alreadyApplied: true);
            if (!destination.SharesStore)
            {
                // The rows are committed in the destination; what the store records follows. A crash in between
                // leaves the job to a retry, which finds the effect applied and records only this.
                await using var storeConnection = await store.OpenConnectionAsync(cancellationToken);
                await using var transaction = await storeConnection.BeginTransactionAsync(cancellationToken);
                await RecordAsync(transaction, context, payload, version, destination, summary, startedAt, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            else if (result.AlreadyApplied)
                context.SetResult(summary);
        }
        catch (Exception ex) when (Permanent(ex) is { } reason)
        {
            throw new PermanentJobException(reason, ex);
        }
    }

    /// <summary>Lineage of the run, the <c>materialize.complete</c> audit row and the job's completion, in one store transaction.</summary>
    private async Task RecordAsync(
        NpgsqlTransaction transaction, JobContext context, MaterializeViewPayload payload, ViewVersion version, MaterializeDestination destination,
        object? summary, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await RecordLineageAsync(transaction, context, payload, version, destination, startedAt, cancellationToken);
        await audit.RecordAsync(transaction, new AuditEntry("materialize.complete", "view", payload.ViewId.ToString(), payload.Version,
            Details: new { jobId = context.JobId, summary }), cancellationToken);
        await context.CompleteWithinAsync(transaction, summary, cancellationToken);
    }

    /// <summary>
    /// The quality options of a materialization: the report's counts are kept with the job, its issue rows are not.
    /// The join keeps the default memory budget (<see cref="QualityOptions.DefaultMemoryBudgetBytes"/>), so a job's
    /// memory stays flat however large the sources.
    /// </summary>
    private static readonly QualityOptions Options = new() { IssueSampleLimit = 0 };

    /// <summary>
    /// The run is recorded once, as complete, inside the rows' transaction (or, for a source's database, the store's
    /// transaction that follows it): a failed attempt leaves no lineage behind, and a retry after a crash upserts the
    /// same run (its id is the job's key), so nothing is recorded twice.
    /// </summary>
    private Task<long> RecordLineageAsync(
        NpgsqlTransaction transaction, JobContext context, MaterializeViewPayload payload, ViewVersion version, MaterializeDestination destination,
        DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var run = new JobRunRecord(context.Key, LineageNamespaces.Jobs, MaterializeLineage.JobName(version.Spec, version.Version, destination.Describe()),
            RunState.Complete, startedAt, DateTimeOffset.UtcNow, MaterializeLineage.VersionKey(payload.ViewId, payload.Version));
        return lineage.RecordJobRunAsync(transaction, run, MaterializeLineage.Inputs(version.Spec),
            [destination.LineageRef], MaterializeLineage.ColumnEdges(version.Spec, destination.LineageRef),
            cancellationToken: cancellationToken);
    }

    /// <summary>Failures no retry mends: a value the column cannot take, a table that does not fit, a constraint or type the table refuses.</summary>
    private static string? Permanent(Exception ex) => ex switch
    {
        PermanentJobException or OperationCanceledException or AttemptSupersededException => null,
        ValueConversionException or RejectedRowsException or ReconciliationException or DestinationMismatchException => ex.Message,
        // Data exceptions (22), integrity violations (23), undefined or mistyped objects (42): the same rows fail again.
        PostgresException pg when pg.SqlState[..2] is "22" or "23" or "42" =>
            $"{pg.MessageText}{(pg.Detail is null ? "" : $" ({pg.Detail})")}",
        _ => null,
    };

    /// <summary>What the job's result says about the run.</summary>
    private sealed record Run(MaterializeViewPayload Payload, string ViewName, MaterializeDestination Destination, bool TableCreated, ReadDiagnostics Diagnostics)
    {
        public object Summary(Reconciliation counts, MergedRowPipe pipe, bool alreadyApplied) => new
        {
            view = ViewName,
            version = Payload.Version,
            destination = Destination.Describe(),
            mode = Payload.Mode.ToString().ToLowerInvariant(),
            rejects = Payload.Rejects.ToString().ToLowerInvariant(),
            rejectsTable = Payload.Rejects == RejectsPolicy.Table ? RejectsTable.Of(Payload.Destination).ToString() : null,
            tableCreated = TableCreated,
            rowsWritten = counts.RowsWritten,
            rowsRejected = counts.RowsRejected,
            reconciliation = counts,
            rowsLeftOutByJoinKind = pipe.RowsLeftOut,
            malformedRecordsSkipped = Diagnostics.MalformedCount,
            alreadyApplied,
            quality = pipe.Report is { } report
                ? new { report.Keys, report.Presence, report.IssueCounts, report.RowsScanned, report.NullKeys, report.Duplicates }
                : null,
        };
    }
}
