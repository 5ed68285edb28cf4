using Workbench.Core.Mapping;
namespace Workbench.Storage.Mapping;

/// <summary>A row of <c>view_definition</c>.</summary>
public sealed class ViewDefinitionEntity
{
    public Guid Id { get; set; }

    public string Name { get; set; } = null!;

    public DateTime CreatedAt { get; set; }

    public string CreatedBy { get; set; } = null!;

    public int CurrentVersion { get; set; }

    /// <summary>When a steward dissolved the view; null while it is live.</summary>
    public DateTime? DissolvedAt { get; set; }

    public string? DissolvedBy { get; set; }

    public string? DissolveReason { get; set; }
}

/// <summary>A row of <c>view_version</c>.</summary>
public sealed class ViewVersionEntity
{
    public Guid ViewId { get; set; }

    public int Version { get; set; }

    public string Spec { get; set; } = null!;

    public string Author { get; set; } = null!;

    public DateTime CreatedAt { get; set; }

    public VersionStatus Status { get; set; }

    public DateTime? StatusChangedAt { get; set; }

    public string? StatusChangedBy { get; set; }
}
