using System.Text;
using System.Text.Json;
using Workbench.Core.Text;
using Workbench.Engine.Query;

namespace Workbench.Application.Query;

/// <summary>
/// Rows of a query as CSV (RFC 4180), written as they come (the download and <c>workbench query --format csv</c>);
/// cells a spreadsheet would run as formulas are guarded by <see cref="CsvFormulaGuard"/>.
/// </summary>
public static class QueryCsv
{
    private const int FlushEvery = 1024;

    /// <returns>How many rows were written.</returns>
    public static async Task<long> WriteAsync(Stream stream, IReadOnlyList<string> columns, IAsyncEnumerable<QueryRow> rows, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true);
        await writer.WriteAsync(Line(columns));
        long written = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(Line(row.Cells()));
            if (++written % FlushEvery == 0)
                await writer.FlushAsync(cancellationToken);
        }
        await writer.FlushAsync(cancellationToken);
        return written;
    }

    public static string Line(IEnumerable<string?> cells) => string.Join(',', cells.Select(Cell)) + "\r\n";

    private static string Cell(string? value)
    {
        value = CsvFormulaGuard.Cell(value);
        if (string.IsNullOrEmpty(value))
            return "";
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}

/// <summary>
/// Rows of a query as one JSON object, written as they come (the HTTP API and <c>workbench query --format json</c>):
/// <c>{viewId, version, engine, columns, rows: [[cell, ...], ...], total}</c>; the total follows the rows, so a
/// stream of every row can count them as it goes.
/// </summary>
public static class QueryJson
{
    private const int FlushEvery = 256;

    /// <param name="total">The total of matching rows when known (a page); otherwise the rows written.</param>
    public static async Task WriteAsync(
        Stream stream, Guid viewId, int version, string engine, IReadOnlyList<string> columns, IAsyncEnumerable<QueryRow> rows, long? total,
        CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("viewId", viewId);
        json.WriteNumber("version", version);
        json.WriteString("engine", engine);
        json.WriteStartArray("columns");
        foreach (var column in columns)
            json.WriteStringValue(column);
        json.WriteEndArray();
        json.WriteStartArray("rows");
        long written = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            json.WriteStartArray();
            foreach (var cell in row.Cells())
                json.WriteStringValue(cell);
            json.WriteEndArray();
            if (++written % FlushEvery == 0)
                await json.FlushAsync(cancellationToken);
        }
        json.WriteEndArray();
        json.WriteNumber("total", total ?? written);
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }
}
