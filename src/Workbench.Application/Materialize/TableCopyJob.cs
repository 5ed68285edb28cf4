using Workbench.Core.Sql;
using System.Runtime.CompilerServices;
using Npgsql;
using Workbench.Application.Audit;
using Workbench.Application.Jobs;

namespace Workbench.Application.Materialize;

/// <summary>Payload of a <see cref="TableCopyJob"/>. <c>Columns</c> empty: every destination column the source also has.</summary>
public sealed record TableCopyPayload(TableName Source, TableName Destination, WriteMode Mode = WriteMode.Replace, IReadOnlyList<string>? Columns = null);

/// <summary>
/// Job kind <c>table-copy</c>: streams the rows of a source table into a destination table of the workbench's
/// database through <see cref="TableWriter"/>, and completes the job, its audit row and the rows in one transaction.
/// Rows read and rows written are reconciled; they must be equal.
/// </summary>
public sealed class TableCopyJob(NpgsqlDataSource store, AuditLog audit) : IJobHandler
{
    public const string KindName = "table-copy";

    public string Kind => KindName;

    public async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var payload = context.Payload<TableCopyPayload>();
        if (payload.Source?.Name is not { Length: > 0 } || payload.Destination?.Name is not { Length: > 0 })
            throw new PermanentJobException("The payload must name a source and a destination table (schema and name).");
        await using var source = await store.OpenConnectionAsync(cancellationToken);
        await using var destination = await store.OpenConnectionAsync(cancellationToken);
        var columns = await ColumnsAsync(source, destination, payload, cancellationToken);
        var total = await DestinationSql.ScalarAsync<long>(source, $"select count(*) from {payload.Source.Quoted}", null, cancellationToken);
        await context.ReportProgressAsync(0, total, cancellationToken);

        var read = new RowCounter();
        var request = new TableWriteRequest(payload.Destination, columns, payload.Mode, context.Key);
        var result = await TableWriter.WriteAsync(
            destination, request, ReadAsync(source, payload.Source, columns, read, cancellationToken),
            (done, ct) => context.ReportProgressAsync(done, total, ct),
            async (transaction, done, ct) =>
            {
                var written = done.RowsWritten;
                if (written != read.Count)
                    throw new InvalidOperationException($"Reconciliation failed: {read.Count} rows read, {written} written.");
                var summary = Summary(payload, read.Count, written, alreadyApplied: false);
                await audit.RecordAsync(transaction, new AuditEntry("job.table-copy", "job", context.JobId.ToString(System.Globalization.CultureInfo.InvariantCulture), Details: summary), ct);
                await context.CompleteWithinAsync(transaction, summary, ct);
            },
            cancellationToken);
        if (result.AlreadyApplied)
            context.SetResult(Summary(payload, result.RowsWritten, result.RowsWritten, alreadyApplied: true));
    }

    private static object Summary(TableCopyPayload payload, long read, long written, bool alreadyApplied) => new
    {
        source = payload.Source.ToString(),
        destination = payload.Destination.ToString(),
        mode = payload.Mode.ToString().ToLowerInvariant(),
        rowsRead = read,
        rowsWritten = written,
        rowsRejected = 0,
        alreadyApplied,
    };

    private static async Task<IReadOnlyList<string>> ColumnsAsync(
        NpgsqlConnection source, NpgsqlConnection destination, TableCopyPayload payload, CancellationToken cancellationToken)
    {
        var sourceColumns = await ColumnNamesAsync(source, payload.Source, cancellationToken);
        var destinationColumns = await ColumnNamesAsync(destination, payload.Destination, cancellationToken);
        var wanted = payload.Columns is { Count: > 0 } listed ? listed : destinationColumns.Where(sourceColumns.Contains).ToList();
        var missing = wanted.Where(c => !sourceColumns.Contains(c) || !destinationColumns.Contains(c)).ToList();
        if (missing.Count > 0)
            throw new PermanentJobException($"Columns not in both tables: {string.Join(", ", missing)}.");
        if (wanted.Count == 0)
            throw new PermanentJobException($"{payload.Source} and {payload.Destination} have no column in common.");
        return wanted;
    }

    private static async Task<IReadOnlyList<string>> ColumnNamesAsync(NpgsqlConnection connection, TableName table, CancellationToken cancellationToken)
    {
        var names = await DestinationSql.TextsAsync(connection, """
            select a.attname::text from pg_attribute a
            join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = $1 and c.relname = $2 and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
            order by a.attnum
            """, cancellationToken, table.Schema, table.Name);
        if (names.Count == 0)
            throw new PermanentJobException($"The table {table} does not exist or has no columns.");
        return names;
    }

    private static async IAsyncEnumerable<object?[]> ReadAsync(
        NpgsqlConnection source, TableName table, IReadOnlyList<string> columns, RowCounter read,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"select {string.Join(", ", columns.Select(SqlIdentifier.Quote))} from {table.Quoted}", source) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new object?[columns.Count];
            reader.GetValues(row!);
            read.Count++;
            yield return row;
        }
    }

    private sealed class RowCounter
    {
        public long Count { get; set; }
    }
}
