using System.Data;
using System.Runtime.CompilerServices;
using Npgsql;
using NpgsqlTypes;
using Workbench.Connectors.Contract;
using Workbench.Core.Sources;

namespace Workbench.Connectors.Postgres;

/// <summary>
/// Reads a table by <c>COPY (select ...) TO STDOUT (FORMAT BINARY)</c>: the server sends rows without a
/// per-row message of the query protocol, which reads about a third faster than a query's reader. Each column is
/// decoded as the .NET value the query's reader gives for it, so a read gives the same values either way.
/// </summary>
/// <remarks>
/// Binary COPY serves a read only when all of these hold; otherwise the connector runs the plain query:
/// <list type="bullet">
/// <item>The dataset is a table or view. A query dataset's text would travel in the simple query protocol, which
/// runs every statement of a string; the plain query travels unsplit, so the server refuses a smuggled second one.</item>
/// <item>No filter compares a value: COPY takes no parameters and the connector never writes values into SQL.</item>
/// <item>Every column's type is one of <see cref="Decoders"/>, by type OID. COPY's binary rows carry no types, so
/// a type outside the table (domains, enums, ranges, extension types such as citext) could not be decoded into
/// what the query's reader gives for it.</item>
/// </list>
/// </remarks>
internal sealed class PostgresBinaryCopy
{
    private delegate ValueTask<object> Decoder(NpgsqlBinaryExporter exporter, CancellationToken cancellationToken);

    // Built-in type OIDs are fixed by PostgreSQL; each decoder yields what NpgsqlDataReader.GetValue yields.
    private static readonly Dictionary<uint, Decoder> Decoders = new()
    {
        [16] = Of<bool>(NpgsqlDbType.Boolean),
        [19] = Of<string>(NpgsqlDbType.Name),
        [20] = Of<long>(NpgsqlDbType.Bigint),
        [21] = Of<short>(NpgsqlDbType.Smallint),
        [23] = Of<int>(NpgsqlDbType.Integer),
        [25] = Of<string>(NpgsqlDbType.Text),
        [114] = Of<string>(NpgsqlDbType.Json),
        [700] = Of<float>(NpgsqlDbType.Real),
        [701] = Of<double>(NpgsqlDbType.Double),
        [1042] = Of<string>(NpgsqlDbType.Char),
        [1043] = Of<string>(NpgsqlDbType.Varchar),
        [1082] = Of<DateTime>(NpgsqlDbType.Date),
        [1114] = Of<DateTime>(NpgsqlDbType.Timestamp),
        [1184] = Of<DateTime>(NpgsqlDbType.TimestampTz),
        [1700] = Of<decimal>(NpgsqlDbType.Numeric),
        [2950] = Of<Guid>(NpgsqlDbType.Uuid),
        [3802] = Of<string>(NpgsqlDbType.Jsonb),
        [1007] = Of<int[]>(NpgsqlDbType.Array | NpgsqlDbType.Integer),
        [1016] = Of<long[]>(NpgsqlDbType.Array | NpgsqlDbType.Bigint),
        [1009] = Of<string[]>(NpgsqlDbType.Array | NpgsqlDbType.Text),
        [1231] = Of<decimal[]>(NpgsqlDbType.Array | NpgsqlDbType.Numeric),
    };

    private readonly string _sql;
    private readonly RowShape _shape;
    private readonly Decoder[] _decoders;

    private PostgresBinaryCopy(string sql, RowShape shape, Decoder[] decoders) => (_sql, _shape, _decoders) = (sql, shape, decoders);

    private static Decoder Of<T>(NpgsqlDbType type) where T : notnull =>
        async (exporter, cancellationToken) => await exporter.ReadAsync<T>(type, cancellationToken);

    /// <summary>The COPY for this read, or null when the plain query must serve it (see the remarks).</summary>
    public static async Task<PostgresBinaryCopy?> PlanAsync(
        DatasetLocator locator, ReadRequest request, NpgsqlConnection db, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        if (locator[PostgresSettings.Query] is not null)
            return null;
        if ((request.Filters ?? []).Any(f => f.Operator is not (FilterOperator.IsNull or FilterOperator.IsNotNull)))
            return null;

        // The columns' names and types as the query's reader would see them, without reading a row.
        await using var describe = PostgresConnector.BuildSelect(locator, request with { Limit = 0 }, db, transaction);
        await using var reader = await describe.ExecuteReaderAsync(CommandBehavior.SchemaOnly, cancellationToken);
        var names = new string[reader.FieldCount];
        var decoders = new Decoder[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            if (!Decoders.TryGetValue(reader.GetDataTypeOID(i), out var decoder))
                return null;
            names[i] = reader.GetName(i);
            decoders[i] = decoder;
        }

        using var unused = new NpgsqlCommand();
        var select = PostgresConnector.SelectText(locator, request, unused, literalLimit: true);
        if (unused.Parameters.Count > 0)
            return null;
        return new PostgresBinaryCopy($"copy ({select}) to stdout (format binary)", new RowShape(names), decoders);
    }

    public async IAsyncEnumerable<SourceRow> ReadAsync(
        NpgsqlConnection db, SourceConnection connection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        NpgsqlBinaryExporter exporter;
        try
        {
            exporter = await db.BeginBinaryExportAsync(_sql, cancellationToken);
        }
        catch (Exception ex) when (PostgresErrors.IsDriverError(ex))
        {
            throw PostgresErrors.Explain(ex, connection);
        }

        var finished = false;
        try
        {
            long ordinal = 0;
            while (await NextRowAsync(exporter, connection, cancellationToken) is { } values)
                yield return new SourceRow(_shape, values, new RowPosition(++ordinal));
            finished = true;
        }
        finally
        {
            await CloseAsync(exporter, finished);
        }
    }

    private async Task<object?[]?> NextRowAsync(NpgsqlBinaryExporter exporter, SourceConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            if (await exporter.StartRowAsync(cancellationToken) == -1)
                return null;
            var values = new object?[_decoders.Length];
            for (var i = 0; i < values.Length; i++)
            {
                if (exporter.IsNull)
                    await exporter.SkipAsync(cancellationToken);
                else
                    values[i] = await _decoders[i](exporter, cancellationToken);
            }
            return values;
        }
        catch (Exception ex) when (PostgresErrors.IsDriverError(ex))
        {
            throw PostgresErrors.Explain(ex, connection);
        }
    }

    private static async Task CloseAsync(NpgsqlBinaryExporter exporter, bool finished)
    {
        try
        {
            await exporter.DisposeAsync();
        }
        catch (Exception ex) when (!finished && PostgresErrors.IsDriverError(ex))
        {
            // Stopping early (the reader stopped, or the read failed) cancels the COPY; a failure to do so must not
            // hide the read's own error, and the caller closes the connection next anyway.
        }
    }
}
