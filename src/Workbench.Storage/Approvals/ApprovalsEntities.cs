namespace Workbench.Storage.Approvals;

/// <summary>A row of <c>view_review</c>.</summary>
public sealed class ViewReviewEntity
{
    public long Id { get; set; }

    public Guid ViewId { get; set; }

    public int Version { get; set; }

    public string Action { get; set; } = null!;

    public string Actor { get; set; } = null!;

    public DateTime OccurredAt { get; set; }

    public string? Comment { get; set; }

    public long? QualityRunId { get; set; }
}
