using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Workbench.Web.Sources.Demo;

/// <summary>
/// The FAST API over a CSV file (UTF-8, header row), for benchmarks that put a million rows through the demo API
/// without holding them: each answer is <c>{ "items": [...], "next": "..." }</c>, every item an object of the
/// header's names and the row's values as text (empty as null); <c>next</c> is the cursor of the following page
/// (the byte offset where it starts in the file), null after the last row. A page is read straight from its offset.
/// </summary>
public static class FastApiFile
{
    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    public static async Task<IResult> PageAsync(string path, long cursor, int pageSize, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
            return Results.Problem($"The FAST API file {Path.GetFileName(path)} does not exist.", statusCode: 500);
        var (header, dataStart) = await HeaderAsync(path, cancellationToken);
        if (cursor < 0 || cursor > new FileInfo(path).Length)
            return Results.Problem($"Cursor {cursor} is outside the file.", statusCode: 400);

        var start = Math.Max(cursor, dataStart);
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        stream.Seek(start, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
        using var csv = new CsvReader(reader, Configuration());
        var items = new List<Dictionary<string, string?>>(pageSize);
        while (items.Count < pageSize && await csv.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = new Dictionary<string, string?>(header.Length, StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
                item[header[i]] = csv.TryGetField<string>(i, out var value) && value is { Length: > 0 } ? value : null;
            items.Add(item);
        }
        long? next = items.Count == pageSize ? start + csv.Parser.ByteCount : null;
        return Results.Json(new { items, next = next?.ToString(CultureInfo.InvariantCulture) });
    }

    private static async Task<(string[] Header, long DataStart)> HeaderAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var first = new byte[3];
        var bom = await stream.ReadAsync(first, cancellationToken) == 3 && first.AsSpan().SequenceEqual(Bom) ? Bom.Length : 0;
        stream.Seek(bom, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
        using var csv = new CsvReader(reader, Configuration());
        if (!await csv.ReadAsync() || !csv.ReadHeader())
            return ([], bom);
        return (csv.HeaderRecord!, bom + csv.Parser.ByteCount);
    }

    // CountBytes makes the parser's position a byte offset, which is what a cursor has to be.
    private static CsvConfiguration Configuration() => new(CultureInfo.InvariantCulture) { CountBytes = true, Encoding = new UTF8Encoding(false) };
}
