using System.Runtime.CompilerServices;
using Npgsql;
using Workbench.Core.Sql;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Pushdown;

namespace Workbench.IntegrationTests.Quality;

/// <summary>
/// The tests' reference reader of a table side, against which the pushdown engine is checked (the product streams
/// tables through the PostgresConnector). Streams one table side as harmonised rows for the streaming engine: only the key and mapped columns are
/// read, in physical order (the order the pushdown uses to pick the first row of a duplicated key), and each
/// field goes through its <see cref="Workbench.Engine.Quality.Expressions.ColumnExpression"/>.
/// </summary>
internal static class PostgresSideReader
{
    public static async IAsyncEnumerable<HarmonisedRow> ReadAsync(
        NpgsqlDataSource database, TableSide side, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var columns = side.KeyColumns.Concat(side.Fields.Select(f => f.Expression.Column)).Distinct().ToList();
        var sql = $"select {string.Join(", ", columns.Select(SqlIdentifier.Quote))} from {SqlIdentifier.Qualified(side.Schema, side.Table)} order by ctid";
        var keyAt = side.KeyColumns.Select(c => columns.IndexOf(c)).ToArray();
        var fieldAt = side.Fields.Select(f => columns.IndexOf(f.Expression.Column)).ToArray();

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        var raw = new object[columns.Count];
        Func<int, object?> field = i => raw[fieldAt[i]];
        long position = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            reader.GetValues(raw);
            var key = new object?[keyAt.Length];
            for (var i = 0; i < keyAt.Length; i++)
                key[i] = raw[keyAt[i]] is DBNull ? null : raw[keyAt[i]];
            yield return HarmonisedRow.Of(key, side.Fields, field, ++position);
        }
    }
}
