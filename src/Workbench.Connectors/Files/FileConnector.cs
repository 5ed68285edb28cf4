using System.Diagnostics;
using System.Runtime.CompilerServices;
using Workbench.Connectors.Contract;
using Workbench.Core.Profiling;
using Workbench.Core.Schema;
using Workbench.Core.Sources;

namespace Workbench.Connectors.Files;

/// <summary>
/// CSV, JSON, NDJSON and Parquet files: a source is one file or a folder (each file a dataset), inside the allowed
/// folders only. Types are inferred from the first rows (Parquet's come from its schema); values are read as the file holds them.
/// </summary>
public sealed class FileConnector(FileSourceRoots roots) : ISourceConnector
{
    private const int InferenceRows = 1000;
    private static readonly string[] Extensions = [".csv", ".tsv", ".txt", ".json", ".ndjson", ".jsonl", ".parquet"];

    public SourceKind Kind => SourceKind.File;

    public Task<ConnectionCheck> TestAsync(SourceConnection connection, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var files = Files(connection);
            var message = files.Count == 1 ? $"Found {Path.GetFileName(files[0])}." : $"Found {files.Count} files.";
            return Task.FromResult(new ConnectionCheck(files.Count > 0, files.Count > 0 ? message : "The folder holds no CSV, JSON or Parquet files.", watch.Elapsed));
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
            var locator = new DatasetLocator((FileSettings.File, Path.GetRelativePath(folder, file)));
            found.Add(new DiscoveredDataset(Path.GetFileName(file), locator, await DescribeAsync(connection, locator, cancellationToken)));
        }
        return found;
    }

    public async Task<IReadOnlyList<FieldSchema>> DescribeAsync(SourceConnection connection, DatasetLocator locator, CancellationToken cancellationToken = default)
    {
        var path = FileOf(connection, locator);
        if (FileSettings.FormatOf(connection, path) == "parquet")
            return await ParquetReading.FieldsAsync(path, cancellationToken);
        var names = await FieldNamesAsync(path, connection, cancellationToken);
        var culture = FileSettings.CultureOf(connection);
        var types = new FieldType[names.Count];
        var nulls = new bool[names.Count];
        var seen = 0;
        // Inference skips malformed records whatever the policy: the schema should describe the good ones.
        var lenient = connection with { MalformedRecords = MalformedRecordPolicy.Skip };
        await foreach (var row in RowsAsync(path, new RowShape(names), lenient, new ReadDiagnostics(), cancellationToken))
        {
            for (var i = 0; i < names.Count; i++)
            {
                var value = row[i];
                if (value is null)
                    nulls[i] = true;
                else
                    types[i] = TextValues.Widen(types[i], value is string s ? TextValues.Classify(s, culture) : TypeOfJson(value));
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
        var names = await FieldNamesAsync(path, connection, cancellationToken);
        RowPipeline.Validate(request, names);
        if (FileSettings.FormatOf(connection, path) == "csv" && CsvReading.StartsWithByteOrderMark(path))
            diagnostics.Notes.Add("The file starts with a UTF-8 byte-order mark; it was not read as data.");
        var rows = RowsAsync(path, new RowShape(names), connection, diagnostics, cancellationToken);
        await foreach (var row in RowPipeline.ApplyAsync(rows, request, RowPipeline.Shape(request, names), cancellationToken))
            yield return row;
    }

    private static IAsyncEnumerable<SourceRow> RowsAsync(string path, RowShape shape, SourceConnection connection, ReadDiagnostics diagnostics, CancellationToken cancellationToken) =>
        FileSettings.FormatOf(connection, path) switch
        {
            "json" => JsonReading.ReadArrayAsync(path, shape, connection, diagnostics, cancellationToken),
            "ndjson" => JsonReading.ReadNdjsonAsync(path, shape, connection, diagnostics, cancellationToken),
            "parquet" => ParquetReading.ReadAsync(path, shape, cancellationToken),
            _ => CsvReading.ReadAsync(path, connection, diagnostics, cancellationToken),
        };

    private static async Task<IReadOnlyList<string>> FieldNamesAsync(string path, SourceConnection connection, CancellationToken cancellationToken)
    {
        var format = FileSettings.FormatOf(connection, path);
        if (format == "csv")
            return CsvReading.Header(path, connection);
        if (format == "parquet")
            return (await ParquetReading.FieldsAsync(path, cancellationToken)).Select(f => f.Name).ToList();
        if (new FileInfo(path).Length == 0)
            throw new SourceException($"The file '{Path.GetFileName(path)}' is empty.");
        try
        {
            return await JsonReading.FieldNamesAsync(JsonReading.RawRecordsAsync(path, format == "ndjson", cancellationToken), InferenceRows, cancellationToken);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new SourceException($"The file '{Path.GetFileName(path)}' is not a JSON array of objects: {ex.Message}", ex);
        }
    }

    private static FieldType TypeOfJson(object value) => value switch
    {
        long => FieldType.Integer,
        decimal or double => FieldType.Decimal,
        bool => FieldType.Boolean,
        _ => FieldType.Json,
    };

    private string SourceFolder(SourceConnection connection)
    {
        var path = roots.Resolve(connection.Required(FileSettings.Path, "Path"));
        return Directory.Exists(path) ? path : Path.GetDirectoryName(path)!;
    }

    private IReadOnlyList<string> Files(SourceConnection connection)
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
