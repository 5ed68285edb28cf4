namespace Workbench.Storage.Sources;

/// <summary>A row of <c>source</c>.</summary>
public sealed class SourceEntity
{
    public Guid Id { get; set; }

    public string Name { get; set; } = null!;

    public string Kind { get; set; } = null!;

    public string Settings { get; set; } = null!;

    public string? Secrets { get; set; }

    public string MalformedPolicy { get; set; } = null!;

    public string Status { get; set; } = null!;

    public string? StatusMessage { get; set; }

    public DateTime? LastCheckedAt { get; set; }

    public bool IsDemo { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A row of <c>source_dataset</c>.</summary>
public sealed class SourceDatasetEntity
{
    public Guid Id { get; set; }

    public Guid SourceId { get; set; }

    public string Name { get; set; } = null!;

    public string Locator { get; set; } = null!;

    public string Fields { get; set; } = null!;

    public string? Profile { get; set; }

    public DateTime? ProfiledAt { get; set; }

    public DateTime DiscoveredAt { get; set; }
}
