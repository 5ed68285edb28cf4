using System.Text;
using Npgsql;
using Workbench.Core.Sql;

namespace Workbench.Application.Materialize;

/// <summary>
/// The table a view is materialized into: which names are allowed, and making sure the
/// table exists with a column of a fitting type for every target field before rows are written.
/// </summary>
public static class DestinationTable
{
    /// <summary>PostgreSQL cuts longer identifiers silently; refusing them keeps the table the steward named.</summary>
    public const int MaxIdentifierBytes = 63;

    /// <summary>
    /// Why <paramref name="table"/> cannot be a destination, or null. The system catalogs are PostgreSQL's, and in
    /// its own database (<paramref name="inWorkbench"/>) the workbench keeps its tables in <c>public</c>: a replace
    /// there would wipe the workbench itself.
    /// </summary>
    public static string? Problem(TableName? table, bool inWorkbench = true)
    {
        if (table is null || string.IsNullOrWhiteSpace(table.Schema) || string.IsNullOrWhiteSpace(table.Name))
            return "Name the destination schema and table.";
        foreach (var (what, name) in new[] { ("schema", table.Schema), ("table", table.Name) })
        {
            if (name.Contains('\0'))
                return $"The {what} name cannot contain a NUL character.";
            if (Encoding.UTF8.GetByteCount(name) > MaxIdentifierBytes)
                return $"The {what} name is longer than PostgreSQL's {MaxIdentifierBytes} bytes.";
        }
        if (table.Schema is "information_schema" || table.Schema.StartsWith("pg_", StringComparison.Ordinal))
            return $"The schema {table.Schema} holds PostgreSQL's own tables; choose another schema (e.g. target).";
        if (inWorkbench && table.Schema == "public")
            return "The schema public holds the workbench's own tables; choose another schema (e.g. target).";
        if (table.Name == TableWriter.EffectTable)
            return $"{TableWriter.EffectTable} is where the workbench records applied writes; choose another table name.";
        return null;
    }

    /// <summary>
    /// Creates <paramref name="schema"/> when missing. It comes before the write's transaction: the table of applied
    /// writes (<see cref="TableWriter.EffectTable"/>) lives in it.
    /// </summary>
    public static Task EnsureSchemaAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken) =>
        DestinationSql.ExecuteAsync(connection, $"create schema if not exists {SqlIdentifier.Quote(schema)}", null, cancellationToken);

    /// <summary>
    /// Creates the table when missing (its schema must exist, see <see cref="EnsureSchemaAsync"/>). An existing table must have every column, with a type that
    /// takes the values; anything else is named in the exception, and nothing is changed.
    /// </summary>
    /// <returns>True when the table was created now.</returns>
    public static async Task<bool> EnsureAsync(
        NpgsqlConnection connection, TableName table, IReadOnlyList<DestinationColumn> columns, CancellationToken cancellationToken)
    {
        var existing = (await DestinationSql.PairsAsync(connection, """
            select a.attname::text, t.typname::text from pg_attribute a
            join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace join pg_type t on t.oid = a.atttypid
            where n.nspname = $1 and c.relname = $2 and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped
            """, cancellationToken, table.Schema, table.Name)).ToDictionary(c => c.First, c => c.Second, StringComparer.Ordinal);
        if (existing.Count == 0)
        {
            var definitions = string.Join(", ", columns.Select(c => $"{SqlIdentifier.Quote(c.Name)} {c.SqlType}"));
            await DestinationSql.ExecuteAsync(connection, $"create table if not exists {table.Quoted} ({definitions})", null, cancellationToken);
            return true;
        }
        var problems = columns
            .Select(c => existing.TryGetValue(c.Name, out var type)
                ? c.AcceptedTypeNames.Contains(type) ? null : $"{c.Name} is {type}, the view's {c.Type} needs {c.SqlType}"
                : $"{c.Name} is missing")
            .OfType<string>()
            .ToList();
        if (problems.Count > 0)
            throw new DestinationMismatchException($"The table {table} does not fit the view: {string.Join("; ", problems)}.");
        return false;
    }
}

/// <summary>An existing destination table whose columns do not take the view's target fields.</summary>
public sealed class DestinationMismatchException(string message) : Exception(message);
