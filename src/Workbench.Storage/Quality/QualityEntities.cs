namespace Workbench.Storage.Quality;

/// <summary>A row of <c>quality_issue_sample</c>.</summary>
public sealed class QualityIssueSampleEntity
{
    public long RunId { get; set; }

    public int Ordinal { get; set; }

    public string Key { get; set; } = null!;

    public string Kind { get; set; } = null!;

    public string? Field { get; set; }

    public string? Detail { get; set; }

    public string Presence { get; set; } = null!;

    public string Values { get; set; } = null!;
}

/// <summary>A row of <c>quality_run</c>.</summary>
public sealed class QualityRunEntity
{
    public long Id { get; set; }

    public Guid ViewId { get; set; }

    public int ViewVersion { get; set; }

    public string Fingerprint { get; set; } = null!;

    public string SourceFingerprints { get; set; } = null!;

    public string Status { get; set; } = null!;

    public string? Engine { get; set; }

    public string? Summary { get; set; }

    public string? Error { get; set; }

    public long RowsScanned { get; set; }

    public string Actor { get; set; } = null!;

    public DateTime StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }
}
