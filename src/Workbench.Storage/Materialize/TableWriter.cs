using Workbench.Core.Sql;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace Workbench.Storage.Materialize;

/// <summary>
/// Writes rows into a destination table so that it never holds a partial result and an effect is never applied twice:
/// rows go by binary COPY into a temporary staging table, then into the destination in the same transaction
/// (replace or append), together with a row in <c>workbench_job_effect</c> keyed by the effect key and whatever the
/// caller adds (audit, lineage, job completion). A worker that dies mid-copy leaves nothing behind: its transaction
/// never commits.
/// </summary>
public static class TableWriter
{
    public const string EffectTable = "workbench_job_effect";

    /// <param name="onBatch">Called every <see cref="TableWriteRequest.BatchSize"/> rows with the count so far: report progress, throw to stop.</param>
    /// <param name="finish">Runs in the destination transaction after the swap, before commit, with the rows written (and rejected).</param>
    public static async Task<TableWriteResult> WriteAsync(
        NpgsqlConnection destination,
        TableWriteRequest request,
        IAsyncEnumerable<object?[]> rows,
        Func<long, CancellationToken, Task> onBatch,
        Func<NpgsqlTransaction, TableWriteResult, CancellationToken, Task>? finish,
        CancellationToken cancellationToken)
    {
        if (request.Columns.Count == 0)
            throw new ArgumentException("At least one column must be written.", nameof(request));
        var effects = new TableName(request.Destination.Schema, EffectTable).Quoted;
        await EnsureEffectTableAsync(destination, effects, cancellationToken);
        if (await AppliedRowsAsync(destination, null, effects, request.EffectKey, cancellationToken) is { } earlier)
            return new TableWriteResult(0, earlier, AlreadyApplied: true);

        await using var transaction = await destination.BeginTransactionAsync(cancellationToken);
        var columns = string.Join(", ", request.Columns.Select(SqlIdentifier.Quote));
        var staging = SqlIdentifier.Quote($"workbench_stage_{request.EffectKey:N}");
        // Only the written columns, without constraints: the destination checks them when the rows move in.
        await destination.ExecuteAsync(new CommandDefinition(
            $"create temporary table {staging} on commit drop as select {columns} from {request.Destination.Quoted} with no data",
            transaction: transaction, cancellationToken: cancellationToken));
        var stagedColumns = columns;
        if (request.Rejects is not null)
        {
            await destination.ExecuteAsync(new CommandDefinition(
                $"alter table {staging} add column {RejectKey} text, add column {RejectReason} text, add column {RejectValues} text[]",
                transaction: transaction, cancellationToken: cancellationToken));
            stagedColumns = $"{columns}, {RejectKey}, {RejectReason}, {RejectValues}";
        }

        var staged = await CopyAsync(destination, staging, stagedColumns, request, rows, onBatch, cancellationToken);

        // Serialises concurrent writers of one effect: the second waits here, then finds the first one's row.
        var claimed = await destination.ExecuteAsync(new CommandDefinition(
            $"insert into {effects} (job_key, target, rows_written) values (@Key, @Target, @Rows) on conflict (job_key) do nothing",
            new { Key = request.EffectKey, Target = request.Destination.ToString(), Rows = staged }, transaction, cancellationToken: cancellationToken));
        if (claimed == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new TableWriteResult(staged, await AppliedRowsAsync(destination, null, effects, request.EffectKey, cancellationToken) ?? 0, AlreadyApplied: true);
        }

        if (request.Mode == WriteMode.Replace)
            await destination.ExecuteAsync(new CommandDefinition($"delete from {request.Destination.Quoted}", transaction: transaction, cancellationToken: cancellationToken));
        var written = await destination.ExecuteAsync(new CommandDefinition(
            $"insert into {request.Destination.Quoted} ({columns}) select {columns} from {staging}{(request.Rejects is null ? "" : $" where {RejectReason} is null")}",
            transaction: transaction, commandTimeout: 0, cancellationToken: cancellationToken));
        var rejected = 0;
        if (request.Rejects is not null)
        {
            rejected = await MoveRejectsAsync(destination, transaction, request, staging, cancellationToken);
            // The effect was claimed with every staged row; what the destination got is the rows without a reason.
            await destination.ExecuteAsync(new CommandDefinition($"update {effects} set rows_written = @Written where job_key = @Key",
                new { Written = written, Key = request.EffectKey }, transaction, cancellationToken: cancellationToken));
        }
        var result = new TableWriteResult(staged, written, AlreadyApplied: false, rejected);
        if (finish is not null)
            await finish(transaction, result, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private static readonly string RejectKey = SqlIdentifier.Quote("workbench_reject_key");
    private static readonly string RejectReason = SqlIdentifier.Quote("workbench_reject_reason");
    private static readonly string RejectValues = SqlIdentifier.Quote("workbench_reject_values");

    /// <summary>The staged rows with a reason go to the rejects table, replacing or adding to it as the destination is.</summary>
    private static async Task<int> MoveRejectsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, TableWriteRequest request, string staging, CancellationToken cancellationToken)
    {
        var rejects = request.Rejects!;
        if (request.Mode == WriteMode.Replace)
            await connection.ExecuteAsync(new CommandDefinition($"delete from {rejects.Table.Quoted}", transaction: transaction, cancellationToken: cancellationToken));
        var targets = new[] { RejectsTable.KeyColumn }.Concat(rejects.Fields).Append(RejectsTable.ReasonColumn).Select(SqlIdentifier.Quote);
        var sources = new[] { RejectKey }.Concat(rejects.Fields.Select((_, i) => $"{RejectValues}[{i + 1}]")).Append(RejectReason);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"insert into {rejects.Table.Quoted} ({string.Join(", ", targets)}) select {string.Join(", ", sources)} from {staging} where {RejectReason} is not null",
            transaction: transaction, commandTimeout: 0, cancellationToken: cancellationToken));
    }

    private static async Task<long> CopyAsync(
        NpgsqlConnection destination, string staging, string columns, TableWriteRequest request,
        IAsyncEnumerable<object?[]> rows, Func<long, CancellationToken, Task> onBatch, CancellationToken cancellationToken)
    {
        var types = await ColumnTypesAsync(destination, staging, cancellationToken);
        long count = 0;
        await using (var importer = await destination.BeginBinaryImportAsync($"copy {staging} ({columns}) from stdin (format binary)", cancellationToken))
        {
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                if (row.Length != types.Count)
                    throw new InvalidOperationException($"A row has {row.Length} values; {types.Count} columns are written.");
                await importer.StartRowAsync(cancellationToken);
                for (var i = 0; i < row.Length; i++)
                {
                    if (row[i] is null or DBNull)
                        await importer.WriteNullAsync(cancellationToken);
                    else if (types[i].DbType is { } dbType)
                        await importer.WriteAsync(row[i], dbType, cancellationToken);
                    else
                        await importer.WriteAsync(row[i], types[i].DataTypeName, cancellationToken);
                }
                if (++count % request.BatchSize == 0)
                    await onBatch(count, cancellationToken);
            }
            // Leaving the block without Complete cancels the COPY: nothing staged survives a stop.
            await importer.CompleteAsync(cancellationToken);
        }
        await onBatch(count, cancellationToken);
        return count;
    }

    private static async Task<IReadOnlyList<(NpgsqlDbType? DbType, string DataTypeName)>> ColumnTypesAsync(
        NpgsqlConnection connection, string staging, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"select * from {staging} limit 0", connection);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SchemaOnly, cancellationToken);
        var schema = await reader.GetColumnSchemaAsync(cancellationToken);
        return schema.Select(c => (c.NpgsqlDbType, c.DataTypeName)).ToList();
    }

    private static Task EnsureEffectTableAsync(NpgsqlConnection connection, string effects, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition($"""
            create table if not exists {effects} (
                job_key uuid primary key, target text not null, rows_written bigint not null, applied_at timestamptz not null default now())
            """, cancellationToken: cancellationToken));

    private static Task<long?> AppliedRowsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string effects, Guid key, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            $"select rows_written from {effects} where job_key = @Key", new { Key = key }, transaction, cancellationToken: cancellationToken));
}
