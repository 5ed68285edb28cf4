using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Workbench.Connectors.Contract;
using Workbench.Core.Sources;

namespace Workbench.Connectors.Files;

/// <summary>
/// Streams a CSV file as rows of text (empty fields are null). Ragged rows and broken quoting are
/// malformed records reported with the line they start on.
/// </summary>
internal static class CsvReading
{
    public static async IAsyncEnumerable<SourceRow> ReadAsync(
        string path, SourceConnection connection, ReadDiagnostics diagnostics,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var hasHeader = connection.Bool(FileSettings.HasHeader, true);
        string? badData = null;
        var config = new CsvConfiguration(FileSettings.CultureOf(connection))
        {
            Delimiter = Unescape(connection.Text(FileSettings.Delimiter, ",")),
            Quote = connection.Text(FileSettings.Quote, "\"")[0],
            HasHeaderRecord = false,
            BadDataFound = args => badData ??= args.Field.Length > 40 ? args.Field[..40] + "..." : args.Field,
            DetectColumnCountChanges = false,
            IgnoreBlankLines = true,
        };
        await using var stream = OpenFile(path);
        if (stream.Length == 0)
            throw new SourceException($"The file '{System.IO.Path.GetFileName(path)}' is empty.");
        using var text = new StreamReader(stream, FileSettings.TextEncoding(connection), detectEncodingFromByteOrderMarks: true);
        using var parser = new CsvParser(text, config);

        RowShape? shape = null;
        long lastLine = 0, ordinal = 0;
        while (true)
        {
            bool more;
            try
            {
                more = await parser.ReadAsync();
            }
            catch (DecoderFallbackException ex)
            {
                throw new SourceException(
                    $"The file is not valid {connection.Text(FileSettings.Encoding, "utf-8")} after line {lastLine}; if it is text, try encoding latin-1.", ex);
            }
            if (!more)
                break;
            cancellationToken.ThrowIfCancellationRequested();
            var firstLine = lastLine + 1;
            lastLine = parser.RawRow;
            var record = parser.Record ?? [];
            if (shape is null)
            {
                shape = new RowShape(hasHeader ? HeaderNames(record) : Enumerable.Range(1, record.Length).Select(i => $"column{i}").ToArray());
                if (hasHeader)
                    continue;
            }
            var position = new RowPosition(++ordinal, firstLine);
            if (badData is not null)
            {
                diagnostics.Handle(connection.MalformedRecords, new MalformedRecord(position, $"broken quoting near \"{badData}\""));
                badData = null;
                continue;
            }
            if (record.Length != shape.Fields.Count)
            {
                diagnostics.Handle(connection.MalformedRecords, new MalformedRecord(position,
                    $"expected {shape.Fields.Count} fields, found {record.Length}"));
                continue;
            }
            var values = new object?[record.Length];
            for (var i = 0; i < record.Length; i++)
                values[i] = record[i].Length == 0 ? null : record[i];
            yield return new SourceRow(shape, values, position);
        }
        if (shape is null)
            throw new SourceException($"The file '{System.IO.Path.GetFileName(path)}' has no records.");
    }

    /// <summary>Reads only the header (or the first record's width).</summary>
    public static IReadOnlyList<string> Header(string path, SourceConnection connection)
    {
        using var stream = OpenFile(path);
        if (stream.Length == 0)
            throw new SourceException($"The file '{System.IO.Path.GetFileName(path)}' is empty.");
        using var text = new StreamReader(stream, FileSettings.TextEncoding(connection), detectEncodingFromByteOrderMarks: true);
        using var parser = new CsvParser(text, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = Unescape(connection.Text(FileSettings.Delimiter, ",")),
            Quote = connection.Text(FileSettings.Quote, "\"")[0],
            BadDataFound = null,
        });
        bool read;
        try
        {
            read = parser.Read();
        }
        catch (DecoderFallbackException ex)
        {
            throw new SourceException(
                $"The file's first line is not valid {connection.Text(FileSettings.Encoding, "utf-8")}; if it is text, try encoding latin-1.", ex);
        }
        if (!read || parser.Record is not { } record)
            throw new SourceException($"The file '{System.IO.Path.GetFileName(path)}' has no records.");
        return connection.Bool(FileSettings.HasHeader, true) ? HeaderNames(record) : Enumerable.Range(1, record.Length).Select(i => $"column{i}").ToArray();
    }

    public static bool StartsWithByteOrderMark(string path)
    {
        using var stream = OpenFile(path);
        Span<byte> head = stackalloc byte[3];
        return stream.Read(head) == 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF;
    }

    /// <summary>Blank header cells get a name; repeated names get a suffix, so every field is addressable.</summary>
    internal static string[] HeaderNames(string[] record)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new string[record.Length];
        for (var i = 0; i < record.Length; i++)
        {
            var name = record[i].Trim().Length == 0 ? $"column{i + 1}" : record[i].Trim();
            var unique = name;
            for (var n = 2; !seen.Add(unique); n++)
                unique = $"{name}_{n}";
            names[i] = unique;
        }
        return names;
    }

    private static string Unescape(string delimiter) => delimiter == "\\t" ? "\t" : delimiter;

    private static FileStream OpenFile(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            throw new SourceException($"The file '{System.IO.Path.GetFileName(path)}' cannot be opened (it is missing or the workbench may not read it).", ex);
        }
    }

    internal static FileStream Open(string path) => OpenFile(path);
}
