namespace Workbench.Web.Sources;

/// <summary>An upload kept (<see cref="Path"/>, relative to the uploads folder) or refused (<see cref="Problem"/>, a sentence).</summary>
public sealed record UploadResult(string? Path, string? Problem)
{
    public static UploadResult Kept(string path) => new(path, null);

    public static UploadResult Refused(string problem) => new(null, problem);
}
