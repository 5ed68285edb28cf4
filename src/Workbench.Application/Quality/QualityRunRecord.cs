using Workbench.Engine.Quality.Model;

namespace Workbench.Application.Quality;

public static class QualityRunStatus
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";
}

/// <summary>A stored run; <see cref="Summary"/> is the report without its issue rows (those are in the sample).</summary>
public sealed record QualityRunRecord(
    long Id,
    Guid ViewId,
    int ViewVersion,
    string Fingerprint,
    string Status,
    string? Engine,
    QualityReport? Summary,
    string? Error,
    long RowsScanned,
    string Actor,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt);

/// <summary>A stored run that answers a preview from the cache, the run before it, and its issue sample when asked for.</summary>
public sealed record CachedRun(QualityRunRecord Run, IReadOnlyList<IssueRow> Issues, QualityRunRecord? Previous);
