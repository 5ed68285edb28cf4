using System.Collections.Concurrent;
using System.Data;
using System.Reflection;
using System.Runtime.CompilerServices;
using Npgsql;

namespace Workbench.Testing;

/// <summary>
/// Raw SQL for tests, straight through Npgsql: tests set up and inspect tables of every kind (sources, destinations,
/// the store's own with the constraints and triggers the application never trips), so they speak SQL rather than the
/// application's model. Parameters are the properties of an object (<c>@name</c> in the SQL); rows map to scalars,
/// tuples (by position), records (constructor, by position) or classes (properties, by name).
/// </summary>
public static class TestSql
{
    /// <summary>Runs <paramref name="sql"/>; with a list of parameter objects, once per object (the affected rows add up).</summary>
    public static async Task<int> ExecuteAsync(this NpgsqlConnection connection, string sql, object? param = null, NpgsqlTransaction? transaction = null, int? commandTimeout = null)
    {
        if (param is System.Collections.IEnumerable rows and not string)
        {
            var total = 0;
            foreach (var row in rows)
                total += await connection.ExecuteAsync(sql, row, transaction, commandTimeout);
            return total;
        }
        await using var opened = await OpenedAsync(connection);
        await using var command = Command(connection, sql, param, transaction, commandTimeout);
        return await command.ExecuteNonQueryAsync();
    }

    public static async Task<object?> ExecuteScalarAsync(this NpgsqlConnection connection, string sql, object? param = null, NpgsqlTransaction? transaction = null, int? commandTimeout = null)
    {
        await using var opened = await OpenedAsync(connection);
        await using var command = Command(connection, sql, param, transaction, commandTimeout);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? null : value;
    }

    public static async Task<T> ExecuteScalarAsync<T>(this NpgsqlConnection connection, string sql, object? param = null, NpgsqlTransaction? transaction = null, int? commandTimeout = null) =>
        (T)Convert(await connection.ExecuteScalarAsync(sql, param, transaction, commandTimeout), typeof(T))!;

    public static async Task<IReadOnlyList<T>> QueryAsync<T>(this NpgsqlConnection connection, string sql, object? param = null, NpgsqlTransaction? transaction = null, int? commandTimeout = null)
    {
        await using var opened = await OpenedAsync(connection);
        await using var command = Command(connection, sql, param, transaction, commandTimeout);
        await using var reader = await command.ExecuteReaderAsync();
        var map = Mapper<T>(reader);
        var rows = new List<T>();
        while (await reader.ReadAsync())
            rows.Add(map(reader));
        return rows;
    }

    public static async Task<T> QuerySingleAsync<T>(this NpgsqlConnection connection, string sql, object? param = null, NpgsqlTransaction? transaction = null, int? commandTimeout = null)
    {
        var rows = await connection.QueryAsync<T>(sql, param, transaction, commandTimeout);
        return rows.Count == 1 ? rows[0] : throw new InvalidOperationException($"Expected one row, got {rows.Count}: {sql}");
    }

    /// <summary>A closed connection is opened for the one statement and closed after it.</summary>
    private static async Task<IAsyncDisposable> OpenedAsync(NpgsqlConnection connection)
    {
        if (connection.State != ConnectionState.Closed)
            return NothingToClose.Instance;
        await connection.OpenAsync();
        return new Closer(connection);
    }

    private sealed class NothingToClose : IAsyncDisposable
    {
        public static readonly NothingToClose Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Closer(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await connection.CloseAsync();
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object? param, NpgsqlTransaction? transaction, int? commandTimeout)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        if (commandTimeout is { } timeout)
            command.CommandTimeout = timeout;
        if (param is not null)
            foreach (var property in param.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
                command.Parameters.Add(new NpgsqlParameter(property.Name, property.GetValue(param) ?? DBNull.Value));
        return command;
    }

    private static Func<NpgsqlDataReader, T> Mapper<T>(NpgsqlDataReader reader)
    {
        var type = typeof(T);
        if (IsScalar(type))
            return r => (T)Read(r, 0, type)!;
        if (type.IsValueType && type.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal))
        {
            var elements = type.GetGenericArguments();
            if (elements.Length > 7)
                throw new NotSupportedException("Tuples of more than seven values are not mapped.");
            var create = type.GetConstructor(elements)!;
            return r => (T)create.Invoke(elements.Select((e, i) => Read(r, i, e)).ToArray());
        }
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        if (type.GetConstructor(Type.EmptyTypes) is { } empty)
        {
            var properties = names.Select(n => type.GetProperty(n, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)
                ?? type.GetProperty(n.Replace("_", "", StringComparison.Ordinal), BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)).ToList();
            return r =>
            {
                var row = empty.Invoke([]);
                for (var i = 0; i < properties.Count; i++)
                    properties[i]?.SetValue(row, Read(r, i, properties[i]!.PropertyType));
                return (T)row;
            };
        }
        var constructor = type.GetConstructors().FirstOrDefault(c => c.GetParameters().Length == names.Count)
            ?? throw new NotSupportedException($"{type.Name} has no constructor taking {names.Count} values.");
        var parameters = constructor.GetParameters();
        return r => (T)constructor.Invoke(parameters.Select((p, i) => Read(r, i, p.ParameterType)).ToArray());
    }

    private static bool IsScalar(Type type)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        return inner.IsPrimitive || inner.IsEnum || inner == typeof(string) || inner == typeof(decimal) || inner == typeof(Guid)
            || inner == typeof(DateTime) || inner == typeof(DateTimeOffset) || inner == typeof(DateOnly) || inner == typeof(TimeOnly)
            || inner == typeof(TimeSpan) || inner == typeof(byte[]) || inner.IsArray;
    }

    private static readonly ConcurrentDictionary<Type, MethodInfo> FieldReaders = new();

    /// <summary>The value as <paramref name="type"/>: Npgsql's own reading when it has one, a conversion otherwise.</summary>
    private static object? Read(NpgsqlDataReader reader, int ordinal, Type type)
    {
        if (reader.IsDBNull(ordinal))
            return null;
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        if (inner == typeof(object))
            return reader.GetValue(ordinal);
        try
        {
            var method = FieldReaders.GetOrAdd(inner, t => typeof(NpgsqlDataReader).GetMethod(nameof(NpgsqlDataReader.GetFieldValue), [typeof(int)])!.MakeGenericMethod(t));
            return method.Invoke(reader, [ordinal]);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is InvalidCastException or NotSupportedException)
        {
            return Convert(reader.GetValue(ordinal), inner);
        }
    }

    private static object? Convert(object? value, Type type)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        if (value is null or DBNull)
            return inner.IsValueType && Nullable.GetUnderlyingType(type) is null ? RuntimeHelpers.GetUninitializedObject(inner) : null;
        if (inner.IsInstanceOfType(value))
            return value;
        if (inner.IsEnum)
            return value is string text ? Enum.Parse(inner, text, ignoreCase: true) : Enum.ToObject(inner, value);
        if (inner == typeof(DateOnly) && value is DateTime date)
            return DateOnly.FromDateTime(date);
        return System.Convert.ChangeType(value, inner, System.Globalization.CultureInfo.InvariantCulture);
    }
}
