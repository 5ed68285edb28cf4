using System.Diagnostics;
using System.Runtime.CompilerServices;
using Workbench.Connectors.Contract;
using Workbench.Core.Profiling;
using Workbench.Core.Schema;
using Workbench.Core.Sources;

namespace Workbench.Connectors.Files;

/// <summary>
/// CSV, JSON, NDJSON, Parquet and Excel files: a source is one file or a folder (each file a dataset, each sheet of a workbook one), inside the allowed
/// folders only. Types are inferred from the first rows (Parquet's come from its schema); values are read as the file holds them.
/// </summary>
public sealed class FileConnector(FileSourceRoots roots) : ISourceConnector
{
    private const int InferenceRows = 1000;
    private static readonly string[] Extensions = [".csv", ".tsv", ".txt", ".json", ".ndjson", ".jsonl", ".parquet", ".xlsx"];

    public SourceKind Kind => SourceKind.File;

    public Task<ConnectionCheck> TestAsync(SourceConnection connection, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var files = Files(connection);
            // A file that is not text would be "found" and then read as one garbled field: refused here, where the steward looks.
            if (files.Select(f => NotText(connection, f)).FirstOrDefault(p => p is not null) is { } notText)
                return Task.FromResult(new ConnectionCheck(false, notText, watch.Elapsed));
            var message = files.Count == 1 ? $"Found {Path.GetFileName(files[0])}." : $"Found {files.Count} files.";
            return Task.FromResult(new ConnectionCheck(files.Count > 0, files.Count > 0 ? message : "The folder holds no CSV, JSON, Parquet or Excel files.", watch.Elapsed));
        }
        catch (SourceException ex)
        {
            return Task.FromResult(new ConnectionCheck(false, ex.Message, watch.Elapsed));
        }
    }

    public async Task<IReadOnlyList<DiscoveredDataset>> DiscoverAsync(SourceConnection connection, CancellationToken cancellationToken = default)
    {
        var found = new List<DiscoveredDataset>();
        var folder = SourceFolder(connection);
        foreach (var file in Files(connection))
        {
            var relative = Path.GetRelativePath(folder, file);
            if (FileSettings.FormatOf(connection, file) == "xlsx")
            {
                foreach (var sheet in ExcelReading.Sheets(file))
                {
                    var sheetLocator = new DatasetLocator((FileSettings.File, relative), (FileSettings.Sheet, sheet));
                    found.Add(new DiscoveredDataset($"{Path.GetFileName(file)} / {sheet}", sheetLocator, await DescribeAsync(connection, sheetLocator, cancellationToken)));
                }
                continue;
            }
            var locator = new DatasetLocator((FileSettings.File, relative));
            found.Add(new DiscoveredDataset(Path.GetFileName(file), locator, await DescribeAsync(connection, locator, cancellationToken)));
        }
        return found;
    }

    public async Task<IReadOnlyList<FieldSchema>> DescribeAsync(SourceConnection connection, DatasetLocator locator, CancellationToken cancellationToken = default)
    {
        var path = FileOf(connection, locator);
        if (FileSettings.FormatOf(connection, path) == "parquet")
            return await ParquetReading.FieldsAsync(path, cancellationToken);
        var names = await FieldNamesAsync(path, locator, connection, cancellationToken);
        var culture = FileSettings.CultureOf(connection);
        // A spreadsheet's text cell is text even when it reads like a number; CSV holds only text, so it is classified.
        var classifyText = FileSettings.FormatOf(connection, path) != "xlsx";
        var types = new FieldType[names.Count];
        var nulls = new bool[names.Count];
        var seen = 0;
        // Inference skips malformed records whatever the policy: the schema should describe the good ones.
        var lenient = connection with { MalformedRecords = MalformedRecordPolicy.Skip };
        await foreach (var row in RowsAsync(path, locator, new RowShape(names), lenient, new ReadDiagnostics(), cancellationToken))
        {
            for (var i = 0; i < names.Count; i++)
            {
                var value = row[i];
                if (value is null)
                    nulls[i] = true;
                else
                    types[i] = TextValues.Widen(types[i], value is string s && classifyText ? TextValues.Classify(s, culture) : TypeOfValue(value));
            }
            if (++seen >= InferenceRows)
                break;
        }
        return names.Select((n, i) => new FieldSchema(n, types[i] == FieldType.Unknown ? FieldType.Text : types[i], nulls[i] || seen == 0, null)).ToList();
    }

    public async IAsyncEnumerable<SourceRow> ReadAsync(
        SourceConnection connection, DatasetLocator locator, ReadRequest request, ReadDiagnostics diagnostics,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var path = FileOf(connection, locator);
        var names = await FieldNamesAsync(path, locator, connection, cancellationToken);
        RowPipeline.Validate(request, names);
        if (FileSettings.FormatOf(connection, path) == "csv" && CsvReading.StartsWithByteOrderMark(path))
            diagnostics.Notes.Add("The file starts with a UTF-8 byte-order mark; it was not read as data.");
        var rows = RowsAsync(path, locator, new RowShape(names), connection, diagnostics, cancellationToken);
        await foreach (var row in RowPipeline.ApplyAsync(rows, request, RowPipeline.Shape(request, names), cancellationToken))
            yield return row;
    }

    private static IAsyncEnumerable<SourceRow> RowsAsync(string path, DatasetLocator locator, RowShape shape, SourceConnection connection, ReadDiagnostics diagnostics, CancellationToken cancellationToken) =>
        FileSettings.FormatOf(connection, path) switch
        {
            "json" => JsonReading.ReadArrayAsync(path, shape, connection, diagnostics, cancellationToken),
            "ndjson" => JsonReading.ReadNdjsonAsync(path, shape, connection, diagnostics, cancellationToken),
            "parquet" => ParquetReading.ReadAsync(path, shape, cancellationToken),
            "xlsx" => ExcelReading.ReadAsync(path, SheetOf(locator), shape, connection, cancellationToken),
            _ => CsvReading.ReadAsync(path, connection, diagnostics, cancellationToken),
        };

    private static async Task<IReadOnlyList<string>> FieldNamesAsync(string path, DatasetLocator locator, SourceConnection connection, CancellationToken cancellationToken)
    {
        var format = FileSettings.FormatOf(connection, path);
        if (NotText(connection, path) is { } notText)
            throw new SourceException(notText);
        if (format == "csv")
            return CsvReading.Header(path, connection);
        if (format == "parquet")
            return (await ParquetReading.FieldsAsync(path, cancellationToken)).Select(f => f.Name).ToList();
        if (format == "xlsx")
            return ExcelReading.FieldNames(path, SheetOf(locator), connection);
        if (new FileInfo(path).Length == 0)
            throw new SourceException($"The file '{Path.GetFileName(path)}' is empty.");
        try
        {
            return await JsonReading.FieldNamesAsync(JsonReading.RawRecordsAsync(path, format == "ndjson", cancellationToken), InferenceRows, cancellationToken);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new SourceException($"The file '{Path.GetFileName(path)}' is not a JSON array of objects (line {ex.LineNumber + 1}).", ex);
        }
    }

    /// <summary>Why a file read as text (CSV, JSON, NDJSON) is not text; null for text and for the binary formats.</summary>
    private static string? NotText(SourceConnection connection, string path) =>
        FileSettings.FormatOf(connection, path) is "csv" or "json" or "ndjson" ? TextFileCheck.Problem(path) : null;

    private static FieldType TypeOfValue(object value) => value switch
    {
        string => FieldType.Text,
        long => FieldType.Integer,
        decimal or double => FieldType.Decimal,
        bool => FieldType.Boolean,
        DateOnly => FieldType.Date,
        DateTime => FieldType.Timestamp,
        _ => FieldType.Json,
    };

    /// <summary>The sheet of a workbook dataset; the first when a locator names none (a workbook read as one file).</summary>
    private static string? SheetOf(DatasetLocator locator) => locator[FileSettings.Sheet];

    private string SourceFolder(SourceConnection connection)
    {
        var path = roots.Resolve(connection.Required(FileSettings.Path, "Path"));
        return Directory.Exists(path) ? path : Path.GetDirectoryName(path)!;
    }

    private List<string> Files(SourceConnection connection)
    {
        var path = roots.Resolve(connection.Required(FileSettings.Path, "Path"));
        if (File.Exists(path))
            return [path];
        if (!Directory.Exists(path))
            throw new SourceException($"'{connection.Text(FileSettings.Path)}' does not exist.");
        // A link in the folder that leads outside the allowed folders is not offered as a dataset.
        return Directory.EnumerateFiles(path)
            .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase) && roots.IsInside(f))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private string FileOf(SourceConnection connection, DatasetLocator locator)
    {
        var folder = SourceFolder(connection);
        var file = locator[FileSettings.File] ?? throw new SourceException("The dataset names no file.");
        var full = Path.GetFullPath(Path.Combine(folder, file));
        if (full == folder || !FileSourceRoots.IsUnder(full, folder))
            throw new SourceException($"'{file}' is outside the source's folder.");
        var real = roots.RequireInside(full, file);
        if (!File.Exists(real))
            throw new SourceException($"The file '{file}' no longer exists.");
        return real;
    }
}
