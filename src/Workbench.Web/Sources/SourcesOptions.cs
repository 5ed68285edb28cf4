namespace Workbench.Web.Sources;

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

    /// <summary>Rows profiled by "profile sample".</summary>
    public int ProfileSampleRows { get; set; } = 10_000;

    public long MaxUploadBytes => MaxUploadMegabytes * 1024L * 1024L;

    public void Resolve()
    {
        FilesFolder = Path.GetFullPath(FilesFolder);
        UploadsFolder = Path.GetFullPath(UploadsFolder);
    }
}
