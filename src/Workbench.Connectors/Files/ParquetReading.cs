using System.Collections;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;
using Workbench.Connectors.Contract;
using Workbench.Core.Schema;
using Workbench.Core.Sources;

namespace Workbench.Connectors.Files;

/// <summary>
/// Parquet files: the schema is the fields, nested groups flattened to dotted paths (<c>address.city</c>) as
/// MongoDB documents are, lists and maps as their JSON text. Read one row group at a time, never the whole file.
/// </summary>
internal static class ParquetReading
{
    private static readonly ParquetOptions Options = new() { UseDateOnlyTypeForDates = true };

    public static async Task<IReadOnlyList<FieldSchema>> FieldsAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = OpenParquet(path);
        await using var reader = await ParquetReader.CreateAsync(stream, Options, cancellationToken: cancellationToken);
        var fields = new List<FieldSchema>();
        foreach (var field in reader.Schema.Fields)
            AddLeaves(field, "", fields);
        return fields;
    }

    public static async IAsyncEnumerable<SourceRow> ReadAsync(string path, RowShape shape, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        int groups;
        await using (var stream = OpenParquet(path))
        await using (var reader = await ParquetReader.CreateAsync(stream, Options, cancellationToken: cancellationToken))
            groups = reader.RowGroupCount;
        long ordinal = 0;
        for (var group = 0; group < groups; group++)
        {
            IList<Dictionary<string, object>> records;
            // Only this row group is held in memory; the next is read when the consumer asks for more rows.
            await using (var stream = CsvReading.Open(path))
                records = (await ParquetSerializer.DeserializeUntypedAsync(stream, Options, group, cancellationToken)).Data;
            foreach (var record in records)
            {
                var values = new object?[shape.Fields.Count];
                Flatten(record, "", shape, values);
                yield return new SourceRow(shape, values, new RowPosition(++ordinal));
            }
        }
    }

    private static void AddLeaves(Field field, string prefix, List<FieldSchema> fields)
    {
        var name = prefix + field.Name;
        switch (field)
        {
            case StructField group:
                foreach (var child in group.Fields)
                    AddLeaves(child, name + ".", fields);
                break;
            case DataField data:
                fields.Add(new FieldSchema(name, TypeOf(data.ClrType), data.IsNullable || field.MaxDefinitionLevel > 0, data.ClrType.Name));
                break;
            default:
                fields.Add(new FieldSchema(name, FieldType.Json, true, field.SchemaType.ToString().ToLowerInvariant()));
                break;
        }
    }

    private static void Flatten(IDictionary<string, object> record, string prefix, RowShape shape, object?[] values)
    {
        foreach (var (key, value) in record)
        {
            var name = prefix + key;
            if (value is IDictionary<string, object> nested && !shape.TryGetIndex(name, out _))
                Flatten(nested, name + ".", shape, values);
            else if (shape.TryGetIndex(name, out var i))
                values[i] = ToValue(value);
        }
    }

    private static FieldType TypeOf(Type type) => type switch
    {
        _ when type == typeof(bool) => FieldType.Boolean,
        _ when type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(sbyte)
            || type == typeof(byte) || type == typeof(ushort) || type == typeof(uint) => FieldType.Integer,
        _ when type == typeof(float) || type == typeof(double) || type == typeof(decimal) || type == typeof(ulong) => FieldType.Decimal,
        _ when type == typeof(DateOnly) => FieldType.Date,
        _ when type == typeof(DateTime) || type == typeof(DateTimeOffset) => FieldType.Timestamp,
        _ => FieldType.Text,
    };

    /// <summary>A row value the engine compares: integers as long, floats as double, dates as DateOnly/DateTime, the rest as text or JSON.</summary>
    private static object? ToValue(object? value) => value switch
    {
        null or string or long or decimal or double or bool or DateOnly or DateTime => value,
        int or short or sbyte or byte or ushort or uint => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        ulong u => (decimal)u,
        float f => (double)f,
        DateTimeOffset o => o.UtcDateTime,
        byte[] bytes => Convert.ToBase64String(bytes),
        IDictionary or IList => JsonSerializer.Serialize(value),
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Opens the file after checking it is Parquet at all: a CSV renamed .parquet gets a sentence, not a parser's error.</summary>
    private static FileStream OpenParquet(string path)
    {
        var stream = CsvReading.Open(path);
        Span<byte> head = stackalloc byte[4], tail = stackalloc byte[4];
        var isParquet = stream.Length >= 12 && stream.Read(head) == 4 && head.SequenceEqual("PAR1"u8);
        if (isParquet)
        {
            stream.Seek(-4, SeekOrigin.End);
            isParquet = stream.Read(tail) == 4 && tail.SequenceEqual("PAR1"u8);
        }
        if (!isParquet)
        {
            stream.Dispose();
            throw new SourceException($"The file '{Path.GetFileName(path)}' is not a Parquet file (it lacks Parquet's PAR1 markers); check its extension or the source's format.");
        }
        stream.Seek(0, SeekOrigin.Begin);
        return stream;
    }
}
