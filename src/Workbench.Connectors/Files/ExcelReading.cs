using System.Runtime.CompilerServices;
using ExcelDataReader;
using ExcelDataReader.Exceptions;
using Workbench.Connectors.Contract;
using Workbench.Core.Sources;

namespace Workbench.Connectors.Files;

/// <summary>
/// Excel workbooks (.xlsx): each sheet a dataset, streamed row by row. The header row (the first unless the
/// source says otherwise; none when 0) names the fields; cells keep their type: numbers (whole ones as
/// integers), dates, booleans, text. Blank rows are not records.
/// </summary>
internal static class ExcelReading
{
    // ExcelDataReader's configuration asks for code page 1252 even for .xlsx; .NET offers it only once the provider is registered.
    static ExcelReading() => System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);

    public static IReadOnlyList<string> Sheets(string path)
    {
        using var stream = CsvReading.Open(path);
        using var reader = Open(stream, path);
        var sheets = new List<string>();
        do
            sheets.Add(reader.Name);
        while (reader.NextResult());
        return sheets;
    }

    /// <summary>The row holding the field names, counted from 1; 0 when the sheet has none.</summary>
    public static int HeaderRow(SourceConnection connection) =>
        connection.Int(FileSettings.HeaderRow, connection.Bool(FileSettings.HasHeader, true) ? 1 : 0, 0, 1_000_000);

    public static IReadOnlyList<string> FieldNames(string path, string? sheet, SourceConnection connection)
    {
        using var stream = CsvReading.Open(path);
        using var reader = Open(stream, path);
        MoveTo(reader, sheet, path);
        var headerRow = HeaderRow(connection);
        for (var row = 1; row <= Math.Max(headerRow, 1); row++)
        {
            if (!reader.Read())
                throw new SourceException($"The sheet '{reader.Name}' of '{Path.GetFileName(path)}' has no row {Math.Max(headerRow, 1)}.");
        }
        return headerRow == 0
            ? Enumerable.Range(1, reader.FieldCount).Select(i => $"column{i}").ToArray()
            : CsvReading.HeaderNames(Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray());
    }

    public static async IAsyncEnumerable<SourceRow> ReadAsync(
        string path, string? sheet, RowShape shape, SourceConnection connection, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var stream = CsvReading.Open(path);
        using var reader = Open(stream, path);
        MoveTo(reader, sheet, path);
        var headerRow = HeaderRow(connection);
        long row = 0, ordinal = 0;
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (++row <= headerRow)
                continue;
            var values = new object?[shape.Fields.Count];
            var blank = true;
            for (var i = 0; i < values.Length && i < reader.FieldCount; i++)
            {
                values[i] = ToValue(reader.GetValue(i));
                blank &= values[i] is null;
            }
            if (!blank)
                yield return new SourceRow(shape, values, new RowPosition(++ordinal, row));
        }
    }

    /// <summary>A cell as the engine compares it: whole numbers as long, other numbers as double, midnight dates as DateOnly.</summary>
    private static object? ToValue(object? cell) => cell switch
    {
        null => null,
        string s => s.Length == 0 ? null : s,
        double d when Math.Floor(d) == d && Math.Abs(d) < 9e15 => (long)d,
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? DateOnly.FromDateTime(t) : t,
        TimeSpan span => span.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        _ => cell,
    };

    private static void MoveTo(IExcelDataReader reader, string? sheet, string path)
    {
        while (sheet is not null && reader.Name != sheet)
        {
            if (!reader.NextResult())
                throw new SourceException($"The workbook '{Path.GetFileName(path)}' has no sheet '{sheet}'.");
        }
    }

    /// <summary>Opens the workbook; a file that is not one (a CSV renamed .xlsx) gets a sentence naming it.</summary>
    private static IExcelDataReader Open(Stream stream, string path)
    {
        Span<byte> head = stackalloc byte[4];
        var isZip = stream.Read(head) == 4 && head.SequenceEqual("PK\u0003\u0004"u8);
        stream.Seek(0, SeekOrigin.Begin);
        try
        {
            if (isZip)
                return ExcelReaderFactory.CreateOpenXmlReader(stream);
        }
        catch (Exception ex) when (ex is ExcelReaderException or InvalidDataException)
        {
            throw NotAWorkbook(path, ex);
        }
        throw NotAWorkbook(path, null);
    }

    private static SourceException NotAWorkbook(string path, Exception? inner) =>
        new($"The file '{Path.GetFileName(path)}' is not an Excel workbook (.xlsx); check its extension or the source's format.", inner);
}
