using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Workbench.Connectors.Contract;
using Workbench.Core.Sources;

namespace Workbench.Connectors.Files;

/// <summary>
/// JSON files (a top-level array of objects, streamed element by element) and NDJSON (one object per line).
/// Fields are the union of the properties seen; a record that is not an object is malformed.
/// </summary>
internal static class JsonReading
{
    public static async IAsyncEnumerable<SourceRow> ReadNdjsonAsync(
        string path, RowShape shape, SourceConnection connection, ReadDiagnostics diagnostics,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = CsvReading.Open(path);
        using var reader = new StreamReader(stream, FileSettings.TextEncoding(connection), detectEncodingFromByteOrderMarks: true);
        long line = 0, ordinal = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
                continue;
            var position = new RowPosition(++ordinal, line);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException ex)
            {
                diagnostics.Handle(connection.MalformedRecords, new MalformedRecord(position, $"invalid JSON at position {ex.BytePositionInLine + 1}"));
                continue;
            }
            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    diagnostics.Handle(connection.MalformedRecords, new MalformedRecord(position, $"a {document.RootElement.ValueKind} where an object was expected"));
                    continue;
                }
                yield return ToRow(document.RootElement, shape, position);
            }
        }
    }

    public static async IAsyncEnumerable<SourceRow> ReadArrayAsync(
        string path, RowShape shape, SourceConnection connection, ReadDiagnostics diagnostics,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = CsvReading.Open(path);
        IAsyncEnumerator<JsonElement> elements;
        elements = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, cancellationToken: cancellationToken).GetAsyncEnumerator(cancellationToken);
        await using (elements)
        {
            long ordinal = 0;
            while (true)
            {
                try
                {
                    if (!await elements.MoveNextAsync())
                        break;
                }
                catch (JsonException ex)
                {
                    throw new SourceException($"The file is not valid JSON after record {ordinal} (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}).", ex);
                }
                var position = new RowPosition(++ordinal);
                if (elements.Current.ValueKind != JsonValueKind.Object)
                {
                    diagnostics.Handle(connection.MalformedRecords, new MalformedRecord(position, $"a {elements.Current.ValueKind} where an object was expected"));
                    continue;
                }
                yield return ToRow(elements.Current, shape, position);
            }
        }
    }

    public static SourceRow ToRow(JsonElement record, RowShape shape, RowPosition position)
    {
        var values = new object?[shape.Fields.Count];
        foreach (var property in record.EnumerateObject())
            if (shape.TryGetIndex(property.Name, out var i))
                values[i] = JsonValues.From(property.Value);
        return new SourceRow(shape, values, position);
    }

    /// <summary>Field names in first-seen order over the first <paramref name="sample"/> records.</summary>
    public static async Task<IReadOnlyList<string>> FieldNamesAsync(IAsyncEnumerable<JsonElement> records, int sample, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var count = 0;
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            if (record.ValueKind == JsonValueKind.Object)
                foreach (var property in record.EnumerateObject())
                    if (seen.Add(property.Name))
                        names.Add(property.Name);
            if (++count >= sample)
                break;
        }
        return names;
    }

    public static async IAsyncEnumerable<JsonElement> RawRecordsAsync(string path, bool ndjson, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = CsvReading.Open(path);
        if (!ndjson)
        {
            await foreach (var element in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, cancellationToken: cancellationToken))
                yield return element;
            yield break;
        }
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            JsonElement element;
            try
            {
                element = JsonDocument.Parse(line).RootElement;
            }
            catch (JsonException)
            {
                continue;
            }
            yield return element;
        }
    }
}
