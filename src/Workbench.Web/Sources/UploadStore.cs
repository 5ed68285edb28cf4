using Workbench.Application.Sources;
using Microsoft.AspNetCore.Components.Forms;
using Workbench.Connectors.Contract;

namespace Workbench.Web.Sources;

/// <summary>Keeps files uploaded through the browser in the uploads folder, under a name the workbench chooses.</summary>
public sealed class UploadStore(SourcesOptions options)
{
    private static readonly string[] Allowed = [".csv", ".tsv", ".txt", ".json", ".ndjson", ".jsonl", ".parquet", ".xlsx"];

    /// <summary>Saves the upload; returns its path relative to the uploads folder (what a file source's <c>path</c> holds).</summary>
    public async Task<string> SaveAsync(IBrowserFile file, CancellationToken cancellationToken = default)
    {
        var extension = Path.GetExtension(file.Name).ToLowerInvariant();
        if (!Allowed.Contains(extension))
            throw new SourceException($"'{file.Name}' is not a CSV, JSON, Parquet or Excel file ({string.Join(", ", Allowed)}).");
        if (file.Size > options.MaxUploadBytes)
            throw new SourceException($"'{file.Name}' is {file.Size / 1024 / 1024} MB; the limit is {options.MaxUploadMegabytes} MB.");
        var safeName = new string(Path.GetFileNameWithoutExtension(file.Name).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').Take(60).ToArray());
        var folder = Path.Combine(options.UploadsFolder, Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, (safeName.Length == 0 ? "upload" : safeName) + extension);
        await using (var target = File.Create(path))
        await using (var source = file.OpenReadStream(options.MaxUploadBytes, cancellationToken))
            await source.CopyToAsync(target, cancellationToken);
        return Path.GetRelativePath(options.UploadsFolder, path);
    }
}
