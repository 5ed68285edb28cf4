using System.Globalization;
using System.Data;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Npgsql;
using Workbench.Connectors.Contract;
using Workbench.Core.Schema;
using Workbench.Core.Sources;
using Workbench.Core.Sql;

namespace Workbench.Connectors.Postgres;

/// <summary>
/// PostgreSQL tables, views and read-only queries. Projection, filters, ordering and limit become one
/// parameterised SQL statement; rows stream from the server reader without buffering.
/// </summary>
public sealed class PostgresConnector : ISourceConnector
{
    private const string TablesSql = """
        select c.table_schema, c.table_name, c.column_name, c.data_type, c.is_nullable = 'YES' as nullable,
               coalesce(c.udt_name, c.data_type) as native
        from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema not in ('pg_catalog', 'information_schema') and c.table_schema not like 'pg_toast%'
          and (cardinality(@schemas) = 0 or c.table_schema = any(@schemas))
        order by c.table_schema, c.table_name, c.ordinal_position
        """;

    public SourceKind Kind => SourceKind.PostgreSql;

    public async Task<ConnectionCheck> TestAsync(SourceConnection connection, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            await using var db = await OpenAsync(connection, false, cancellationToken);
            var warnings = await PostgresPrivileges.WarningsAsync(db, cancellationToken);
            return new ConnectionCheck(true, $"Connected: PostgreSQL {db.PostgreSqlVersion}.", watch.Elapsed) { Warnings = warnings };
        }
        catch (SourceException ex)
        {
            return new ConnectionCheck(false, ex.Message, watch.Elapsed);
        }
        catch (Exception ex) when (PostgresErrors.IsDriverError(ex))
        {
            return new ConnectionCheck(false, PostgresErrors.Explain(ex, connection).Message, watch.Elapsed);
        }
    }

    public async Task<IReadOnlyList<DiscoveredDataset>> DiscoverAsync(SourceConnection connection, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await OpenAsync(connection, false, cancellationToken);
            await using var command = new NpgsqlCommand(TablesSql, db);
            var schemas = (connection.Text(PostgresSettings.Schemas) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            command.Parameters.AddWithValue("schemas", schemas);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var byTable = new List<(string Schema, string Table, List<FieldSchema> Fields)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var (schema, table) = (reader.GetString(0), reader.GetString(1));
                if (byTable.Count == 0 || byTable[^1].Schema != schema || byTable[^1].Table != table)
                    byTable.Add((schema, table, []));
                byTable[^1].Fields.Add(new FieldSchema(reader.GetString(2), PostgresTypes.Map(reader.GetString(3)), reader.GetBoolean(4), reader.GetString(5)));
            }
            var datasets = byTable
                .Select(t => new DiscoveredDataset(
                    t.Schema == "public" ? t.Table : $"{t.Schema}.{t.Table}",
                    new DatasetLocator((PostgresSettings.Schema, t.Schema), (PostgresSettings.Table, t.Table)),
                    t.Fields))
                .ToList();
            foreach (var (name, sql) in PostgresQueries.Parse(connection.Text(PostgresSettings.Queries)))
            {
                var locator = new DatasetLocator((PostgresSettings.Query, sql));
                datasets.Add(new DiscoveredDataset(PostgresQueries.DatasetPrefix + name, locator, await DescribeAsync(connection, locator, cancellationToken)));
            }
            return datasets;
        }
        catch (Exception ex) when (PostgresErrors.IsDriverError(ex))
        {
            throw PostgresErrors.Explain(ex, connection);
        }
    }

    public async Task<IReadOnlyList<FieldSchema>> DescribeAsync(SourceConnection connection, DatasetLocator locator, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await OpenAsync(connection, false, cancellationToken);
            await using var transaction = await BeginReadOnlyAsync(db, cancellationToken);
            await using var command = BuildSelect(locator, new ReadRequest(Limit: 0), db, transaction);
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SchemaOnly, cancellationToken);
            var columns = await reader.GetColumnSchemaAsync(cancellationToken);
            return columns
                .Select(c => new FieldSchema(c.ColumnName, PostgresTypes.Map(c.DataTypeName ?? "unknown"), c.AllowDBNull ?? true, c.DataTypeName))
                .ToList();
        }
        catch (Exception ex) when (PostgresErrors.IsDriverError(ex))
        {
            throw PostgresErrors.Explain(ex, connection);
        }
    }

    public async IAsyncEnumerable<SourceRow> ReadAsync(
        SourceConnection connection, DatasetLocator locator, ReadRequest request, ReadDiagnostics diagnostics,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var db = await OpenAsync(connection, true, cancellationToken);
        NpgsqlTransaction transaction;
        NpgsqlCommand command;
        NpgsqlDataReader reader;
        try
        {
            transaction = await BeginReadOnlyAsync(db, cancellationToken);
            command = BuildSelect(locator, request, db, transaction);
            // Default (row-buffered) mode: ReadAsync brings the whole row in, so reading its columns needs no further I/O.
            reader = await command.ExecuteReaderAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            // Closing the connection also ends its transaction and command.
            await db.DisposeAsync();
            if (PostgresErrors.IsDriverError(ex))
                throw PostgresErrors.Explain(ex, connection);
            throw;
        }

        await using (db)
        await using (transaction)
        await using (command)
        await using (reader)
        {
            var names = new string[reader.FieldCount];
            for (var i = 0; i < names.Length; i++)
                names[i] = reader.GetName(i);
            var shape = new RowShape(names);
            long ordinal = 0;
            while (await ReadNextAsync(reader, connection, cancellationToken))
            {
                var values = new object?[names.Length];
                for (var i = 0; i < values.Length; i++)
                    values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                yield return new SourceRow(shape, values, new RowPosition(++ordinal));
            }
        }
    }

    private static async Task<bool> ReadNextAsync(NpgsqlDataReader reader, SourceConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadAsync(cancellationToken);
        }
        catch (Exception ex) when (PostgresErrors.IsDriverError(ex))
        {
            throw PostgresErrors.Explain(ex, connection);
        }
    }

    /// <summary>
    /// The statement for a read: every name quoted, every value a positional parameter. The limit is always a
    /// parameter (null reads everything), so Npgsql sends the text unsplit as one Parse message: a second
    /// statement smuggled into a query dataset is refused by the server itself.
    /// </summary>
    public static NpgsqlCommand BuildSelect(DatasetLocator locator, ReadRequest request, NpgsqlConnection? db = null, NpgsqlTransaction? transaction = null)
    {
        var command = new NpgsqlCommand { Connection = db, Transaction = transaction };
        var projection = request.Fields is { Count: > 0 } fields ? string.Join(", ", fields.Select(SqlIdentifier.Quote)) : "*";
        var sql = new System.Text.StringBuilder($"select {projection} from {From(locator)}");
        var conditions = new List<string>();
        foreach (var filter in request.Filters ?? [])
        {
            var column = SqlIdentifier.Quote(filter.Field);
            switch (filter.Operator)
            {
                case FilterOperator.IsNull:
                    conditions.Add($"{column} is null");
                    break;
                case FilterOperator.IsNotNull:
                    conditions.Add($"{column} is not null");
                    break;
                default:
                    // Text compares as text whatever the column's type, so "42" finds an integer 42.
                    var left = filter.Value is string ? $"{column}::text" : column;
                    command.Parameters.Add(new NpgsqlParameter { Value = filter.Value ?? DBNull.Value });
                    conditions.Add($"{left} {(filter.Operator == FilterOperator.Equal ? "=" : "<>")} ${command.Parameters.Count}");
                    break;
            }
        }
        if (conditions.Count > 0)
            sql.Append(" where ").AppendJoin(" and ", conditions);
        if (request.OrderBy is { Count: > 0 } order)
            sql.Append(" order by ").AppendJoin(", ", order.Select(SqlIdentifier.Quote));
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint, Value = request.Limit is { } limit ? Math.Max(0, limit) : DBNull.Value });
        sql.Append(CultureInfo.InvariantCulture, $" limit ${command.Parameters.Count}");
        command.CommandText = sql.ToString();
        return command;
    }

    private static string From(DatasetLocator locator)
    {
        // The line break ends a trailing -- comment of the query before the subquery closes.
        if (locator[PostgresSettings.Query] is { } query)
            return $"({PostgresQueryText.Checked(query)}\n) as query_dataset";
        var table = locator[PostgresSettings.Table] ?? throw new SourceException("The dataset names neither a table nor a query.");
        return SqlIdentifier.Qualified(locator[PostgresSettings.Schema] ?? "public", table);
    }

    private static async Task<NpgsqlTransaction> BeginReadOnlyAsync(NpgsqlConnection db, CancellationToken cancellationToken)
    {
        // Read only: a query dataset can never change the source, whatever its text says.
        var transaction = await db.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using var command = new NpgsqlCommand("set transaction read only", db, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return transaction;
    }

    private static async Task<NpgsqlConnection> OpenAsync(SourceConnection connection, bool forStreaming, CancellationToken cancellationToken)
    {
        var db = new NpgsqlConnection(PostgresSettings.ConnectionString(connection, forStreaming));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(connection.Timeout);
        try
        {
            await db.OpenAsync(timeout.Token);
            return db;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await db.DisposeAsync();
            throw PostgresErrors.Explain(new TimeoutException(), connection);
        }
        catch (Exception ex) when (PostgresErrors.IsDriverError(ex))
        {
            await db.DisposeAsync();
            throw PostgresErrors.Explain(ex, connection);
        }
    }
}
