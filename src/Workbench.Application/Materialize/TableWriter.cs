using Workbench.Core.Sql;
using Npgsql;
using NpgsqlTypes;

namespace Workbench.Application.Materialize;

/// <summary>
/// Writes rows into a destination table so that it never holds a partial result and an effect is never applied twice:
/// in one transaction, the effect is claimed first (a row in <c>workbench_job_effect</c> keyed by the effect key), the
/// caller's preparation runs (creating missing tables, so a failed write leaves none behind), the destination emptied when replacing, the rows put in by binary COPY straight into it (its constraints check them as
/// they come), the rejects after them, and whatever the caller adds (audit, lineage, job completion) before commit.
/// Until then nobody sees any of it; a worker that dies mid-copy leaves nothing behind: its transaction never commits.
/// </summary>
public static class TableWriter
{
    public const string EffectTable = "workbench_job_effect";

    /// <param name="onBatch">Called every <see cref="TableWriteRequest.BatchSize"/> rows with the count so far: report progress, throw to stop.</param>
    /// <param name="finish">Runs in the destination transaction after the rows are in, before commit, with the rows written (and rejected).</param>
    public static Task<TableWriteResult> WriteAsync(
        NpgsqlConnection destination,
        TableWriteRequest request,
        IAsyncEnumerable<object?[]> rows,
        Func<long, CancellationToken, Task> onBatch,
        Func<NpgsqlTransaction, TableWriteResult, CancellationToken, Task>? finish,
        CancellationToken cancellationToken) =>
        WriteAsync(destination, request, null, rows, onBatch, finish, cancellationToken);

    /// <param name="prepare">
    /// Runs in the destination transaction once the effect is claimed, before any row moves: what it creates (the
    /// destination and rejects tables) is rolled back with everything else when the write fails, so a failed job
    /// leaves no empty table behind.
    /// </param>
    /// <param name="onBatch">Called every <see cref="TableWriteRequest.BatchSize"/> rows with the count so far: report progress, throw to stop.</param>
    /// <param name="finish">Runs in the destination transaction after the rows are in, before commit, with the rows written (and rejected).</param>
    public static async Task<TableWriteResult> WriteAsync(
        NpgsqlConnection destination,
        TableWriteRequest request,
        Func<NpgsqlTransaction, CancellationToken, Task>? prepare,
        IAsyncEnumerable<object?[]> rows,
        Func<long, CancellationToken, Task> onBatch,
        Func<NpgsqlTransaction, TableWriteResult, CancellationToken, Task>? finish,
        CancellationToken cancellationToken)
    {
        if (request.Columns.Count == 0)
            throw new ArgumentException("At least one column must be written.", nameof(request));
        var effects = new TableName(request.Destination.Schema, EffectTable).Quoted;
        await EnsureEffectTableAsync(destination, effects, cancellationToken);
        if (await AppliedRowsAsync(destination, effects, request.EffectKey, cancellationToken) is { } earlier)
            return new TableWriteResult(earlier, AlreadyApplied: true);

        await using var transaction = await destination.BeginTransactionAsync(cancellationToken);
        // Serialises concurrent writers of one effect before any row moves: the second waits here until the first
        // commits, then finds its row (or, had the first rolled back, goes on itself).
        var claimed = await DestinationSql.ExecuteAsync(destination,
            $"insert into {effects} (job_key, target, rows_written) values ($1, $2, 0) on conflict (job_key) do nothing",
            transaction, cancellationToken, request.EffectKey, request.Destination.ToString());
        if (claimed == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return new TableWriteResult(await AppliedRowsAsync(destination, effects, request.EffectKey, cancellationToken) ?? 0, AlreadyApplied: true);
        }

        if (prepare is not null)
            await prepare(transaction, cancellationToken);
        if (request.Mode == WriteMode.Replace)
        {
            await DeleteAllAsync(destination, transaction, request.Destination, cancellationToken);
            if (request.Rejects is not null)
                await DeleteAllAsync(destination, transaction, request.Rejects.Table, cancellationToken);
        }
        using var rejects = request.Rejects is null ? null : new RejectsFile();
        var written = await CopyAsync(destination, request, rows, rejects, onBatch, cancellationToken);
        var rejected = rejects is null ? 0 : await CopyRejectsAsync(destination, request.Rejects!, rejects, cancellationToken);
        await DestinationSql.ExecuteAsync(destination, $"update {effects} set rows_written = $1 where job_key = $2",
            transaction, cancellationToken, written, request.EffectKey);

        var result = new TableWriteResult(written, AlreadyApplied: false, rejected);
        if (finish is not null)
            await finish(transaction, result, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    // DELETE rather than TRUNCATE: readers keep seeing the old rows until commit instead of waiting on a lock.
    private static Task<int> DeleteAllAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TableName table, CancellationToken cancellationToken) =>
        DestinationSql.ExecuteAsync(connection, $"delete from {table.Quoted}", transaction, cancellationToken);

    /// <summary>The rows to write go into the destination; a reject (a row with a reason) is set aside in <paramref name="rejects"/>.</summary>
    private static async Task<long> CopyAsync(
        NpgsqlConnection destination, TableWriteRequest request, IAsyncEnumerable<object?[]> rows, RejectsFile? rejects,
        Func<long, CancellationToken, Task> onBatch, CancellationToken cancellationToken)
    {
        var columns = request.Columns.Count;
        var quoted = string.Join(", ", request.Columns.Select(SqlIdentifier.Quote));
        var types = await ColumnTypesAsync(destination, request.Destination, quoted, cancellationToken);
        var expected = columns + (rejects is null ? 0 : RejectsTarget.ExtraValues);
        ulong written;
        long seen = 0;
        await using (var importer = await destination.BeginBinaryImportAsync(
            $"copy {request.Destination.Quoted} ({quoted}) from stdin (format binary)", cancellationToken))
        {
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                if (row.Length != expected)
                    throw new InvalidOperationException($"A row has {row.Length} values; {expected} were expected.");
                if (rejects is not null && row[columns + 1] is string reason)
                    rejects.Add((string?)row[columns], reason, (string?[])row[columns + 2]!);
                else
                {
                    await importer.StartRowAsync(cancellationToken);
                    for (var i = 0; i < columns; i++)
                    {
                        if (row[i] is null or DBNull)
                            await importer.WriteNullAsync(cancellationToken);
                        else if (types[i].DbType is { } dbType)
                            await importer.WriteAsync(row[i], dbType, cancellationToken);
                        else
                            await importer.WriteAsync(row[i], types[i].DataTypeName, cancellationToken);
                    }
                }
                if (++seen % request.BatchSize == 0)
                    await onBatch(seen, cancellationToken);
            }
            // Leaving the block without Complete cancels the COPY: nothing of it survives a stop. The count is
            // PostgreSQL's, which reconciliation then holds against the join's.
            written = await importer.CompleteAsync(cancellationToken);
        }
        await onBatch(seen, cancellationToken);
        return (long)written;
    }

    /// <summary>The rejects set aside go to their table: the key, every field's value as text, the reason.</summary>
    private static async Task<long> CopyRejectsAsync(NpgsqlConnection connection, RejectsTarget target, RejectsFile rejects, CancellationToken cancellationToken)
    {
        var columns = RejectsTable.WrittenColumns(target.Fields).Select(SqlIdentifier.Quote);
        await using var importer = await connection.BeginBinaryImportAsync(
            $"copy {target.Table.Quoted} ({string.Join(", ", columns)}) from stdin (format binary)", cancellationToken);
        foreach (var (key, reason, values) in rejects.ReadAll())
        {
            await importer.StartRowAsync(cancellationToken);
            await WriteTextAsync(importer, key, cancellationToken);
            foreach (var value in values)
                await WriteTextAsync(importer, value, cancellationToken);
            await WriteTextAsync(importer, reason, cancellationToken);
        }
        return (long)await importer.CompleteAsync(cancellationToken);
    }

    private static Task WriteTextAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken cancellationToken) =>
        value is null ? importer.WriteNullAsync(cancellationToken) : importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken);

    /// <summary>The types of <paramref name="quotedColumns"/> (a quoted, comma-separated list), in that order, as the destination has them.</summary>
    private static async Task<IReadOnlyList<(NpgsqlDbType? DbType, string DataTypeName)>> ColumnTypesAsync(
        NpgsqlConnection connection, TableName table, string quotedColumns, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"select {quotedColumns} from {table.Quoted} limit 0", connection);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SchemaOnly, cancellationToken);
        var schema = await reader.GetColumnSchemaAsync(cancellationToken);
        // Npgsql 10 types the schema as DbColumn; each is an NpgsqlDbColumn.
        return schema.Cast<Npgsql.Schema.NpgsqlDbColumn>().Select(c => (c.NpgsqlDbType, c.DataTypeName)).ToList();
    }

    private static Task<int> EnsureEffectTableAsync(NpgsqlConnection connection, string effects, CancellationToken cancellationToken) =>
        DestinationSql.ExecuteAsync(connection, $"""
            create table if not exists {effects} (
                job_key uuid primary key, target text not null, rows_written bigint not null, applied_at timestamptz not null default now())
            """, null, cancellationToken);

    private static Task<long?> AppliedRowsAsync(NpgsqlConnection connection, string effects, Guid key, CancellationToken cancellationToken) =>
        DestinationSql.ScalarAsync<long?>(connection, $"select rows_written from {effects} where job_key = $1", null, cancellationToken, key);
}
