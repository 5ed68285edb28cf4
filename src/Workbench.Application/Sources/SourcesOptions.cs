namespace Workbench.Application.Sources;

/// <summary>Section <c>Sources</c> of appsettings.json; folders are relative to the working folder.</summary>
public sealed class SourcesOptions
{
    public const string Section = "Sources";

    /// <summary>The folder file sources may read from (besides uploads).</summary>
    public string FilesFolder { get; set; } = ".workbench/files";

    /// <summary>Where uploaded files are kept.</summary>
    public string UploadsFolder { get; set; } = ".workbench/uploads";

    /// <summary>Largest file accepted by upload, in megabytes.</summary>
    public int MaxUploadMegabytes { get; set; } = 100;

    /// <summary>
    /// The file holding the key that encrypts the key ring of source secrets (created on first start);
    /// the environment variable WORKBENCH_MASTER_KEY takes precedence.
    /// </summary>
    public string MasterKeyFile { get; set; } = ".workbench/master.key";

    /// <summary>Rows profiled by "profile sample".</summary>
    public int ProfileSampleRows { get; set; } = 10_000;

    /// <summary>
    /// How many previews and queries read one PostgreSQL source at once, pushed down or streamed, and so the size of
    /// that source's connection pool for pushed-down ones; the others wait their turn.
    /// </summary>
    public int MaxConcurrentReadsPerSource { get; set; } = 4;

    /// <summary>The networks REST sources may reach (section <c>Sources:Rest</c>).</summary>
    public RestNetworkOptions Rest { get; set; } = new();

    public long MaxUploadBytes => MaxUploadMegabytes * 1024L * 1024L;

    public void Resolve()
    {
        FilesFolder = Path.GetFullPath(FilesFolder);
        UploadsFolder = Path.GetFullPath(UploadsFolder);
        if (MaxConcurrentReadsPerSource < 1)
            throw new InvalidOperationException($"{Section}:{nameof(MaxConcurrentReadsPerSource)} must be 1 or more.");
    }
}
