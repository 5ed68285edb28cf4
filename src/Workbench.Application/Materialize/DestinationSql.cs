using Npgsql;

namespace Workbench.Application.Materialize;

/// <summary>
/// Raw Npgsql for the destination database: DDL (schemas, tables, the table of applied writes), catalog reads and
/// whole-table statements on tables the workbench does not model. EF Core maps the store's own tables, not the tables a
/// steward names at run time, nor those in another database; binary COPY lives in <see cref="TableWriter"/>.
/// </summary>
internal static class DestinationSql
{
    public static async Task<int> ExecuteAsync(
        NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = Command(connection, sql, transaction, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task<T?> ScalarAsync<T>(
        NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = Command(connection, sql, transaction, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>Every row's first two columns, as text.</summary>
    public static async Task<IReadOnlyList<(string First, string Second)>> PairsAsync(
        NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = Command(connection, sql, null, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(string, string)>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add((reader.GetString(0), reader.GetString(1)));
        return rows;
    }

    /// <summary>Every row's first column, as text.</summary>
    public static async Task<IReadOnlyList<string>> TextsAsync(
        NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = Command(connection, sql, null, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(reader.GetString(0));
        return rows;
    }

    /// <summary>Positional parameters ($1, $2...); no command timeout: whole-table statements take as long as the table is large, and the job is cancellable.</summary>
    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction, object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        foreach (var value in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        return command;
    }
}
