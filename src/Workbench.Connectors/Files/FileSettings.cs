using System.Globalization;
using System.Text;
using Workbench.Connectors.Contract;

namespace Workbench.Connectors.Files;

/// <summary>Setting keys of file sources. A file source is one file or a folder of files, each file a dataset.</summary>
public static class FileSettings
{
    /// <summary>A file or folder, absolute or relative to one of the allowed folders.</summary>
    public const string Path = "path";

    /// <summary><c>csv</c>, <c>json</c>, <c>ndjson</c>, <c>parquet</c>, <c>xlsx</c>; by file extension when empty.</summary>
    public const string Format = "format";
    public const string Delimiter = "delimiter";
    public const string Quote = "quote";
    public const string HasHeader = "hasHeader";

    /// <summary>Excel: the row holding the field names, counted from 1 (default 1; 0 when the sheets have none).</summary>
    public const string HeaderRow = "headerRow";

    /// <summary><c>utf-8</c> (a byte-order mark is recognised) or <c>latin-1</c>.</summary>
    public const string Encoding = "encoding";

    /// <summary>Culture of numbers and dates in the file, e.g. <c>de-DE</c>; invariant when empty.</summary>
    public const string Culture = "culture";

    /// <summary>Locator: the file of a dataset, relative to the source's folder.</summary>
    public const string File = "file";

    /// <summary>Locator: the sheet of an Excel workbook a dataset is.</summary>
    public const string Sheet = "sheet";

    public static System.Text.Encoding TextEncoding(SourceConnection connection) =>
        connection.Text(Encoding, "utf-8").ToLowerInvariant() switch
        {
            "utf-8" or "utf8" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
            "latin-1" or "latin1" or "iso-8859-1" => System.Text.Encoding.Latin1,
            var other => throw new SourceException($"Encoding '{other}' is not supported; use utf-8 or latin-1."),
        };

    public static CultureInfo CultureOf(SourceConnection connection)
    {
        var name = connection.Text(Culture);
        try
        {
            return name is null or "invariant" ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo(name);
        }
        catch (CultureNotFoundException)
        {
            throw new SourceException($"Culture '{name}' is not known.");
        }
    }

    public static string FormatOf(SourceConnection connection, string file) =>
        connection.Text(Format)?.ToLowerInvariant() ?? System.IO.Path.GetExtension(file).TrimStart('.').ToLowerInvariant() switch
        {
            "json" => "json",
            "ndjson" or "jsonl" => "ndjson",
            "parquet" => "parquet",
            "xlsx" => "xlsx",
            _ => "csv",
        };
}

/// <summary>
/// The folders file sources may read: the configured source folder and the upload folder. Nothing outside,
/// neither by <c>..</c> nor through a symbolic link: every path is checked as what it really is.
/// </summary>
public sealed class FileSourceRoots(IReadOnlyList<string> roots)
{
    public IReadOnlyList<string> Roots { get; } = roots.Select(r => System.IO.Path.GetFullPath(r)).ToArray();

    /// <summary>The real path of <paramref name="path"/> (links followed), refused when it is outside every allowed folder.</summary>
    public string Resolve(string path)
    {
        var inside = Roots
            .Select(root => (Root: root, Full: System.IO.Path.GetFullPath(System.IO.Path.Combine(root, path))))
            .Where(c => IsUnder(c.Full, c.Root))
            .ToList();
        if (inside.Count == 0)
            throw new SourceException($"'{path}' is outside the folders files may be read from ({string.Join(", ", Roots.Select(Shown))}).");
        // The same relative path may be meant for any allowed folder: take the one where it exists.
        var chosen = inside.FirstOrDefault(c => File.Exists(c.Full) || Directory.Exists(c.Full));
        return RequireInside(chosen.Full ?? inside[0].Full, path);
    }

    /// <summary>The real path of <paramref name="full"/>, refused when a link leads it outside every allowed folder.</summary>
    public string RequireInside(string full, string shownAs)
    {
        var real = RealPath.Of(full);
        if (!ContainsReal(real))
            throw new SourceException($"'{shownAs}' leads outside the folders files may be read from (through a symbolic link); it is not read.");
        return real;
    }

    /// <summary>Whether <paramref name="full"/>, links followed, lies inside an allowed folder.</summary>
    public bool IsInside(string full) => ContainsReal(RealPath.Of(full));

    // The allowed folders are resolved on each check too: one of them may itself be (or sit under) a link.
    private bool ContainsReal(string real) => Roots.Any(root => IsUnder(real, RealPath.Of(root)));

    /// <summary>
    /// A folder as a user may read it: relative to the workbench's working folder, or only its name when it lies
    /// elsewhere; the server's own layout is not shown.
    /// </summary>
    public static string Shown(string folder)
    {
        var working = System.IO.Path.GetFullPath(Directory.GetCurrentDirectory());
        return IsUnder(folder, working) ? System.IO.Path.GetRelativePath(working, folder) : System.IO.Path.GetFileName(folder.TrimEnd('/'));
    }

    public static bool IsUnder(string path, string folder) =>
        path == folder || path.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal);
}
