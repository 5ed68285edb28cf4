namespace Workbench.Storage.Lineage;

/// <summary>A row of <c>lineage_edge</c>.</summary>
public sealed class LineageEdgeEntity
{
    public long Id { get; set; }

    public long FromNode { get; set; }

    public long ToNode { get; set; }

    public string Kind { get; set; } = null!;

    public string? Transform { get; set; }

    public string TransformType { get; set; } = null!;

    public string VersionKey { get; set; } = null!;

    public long? ViewVersionId { get; set; }

    public bool Superseded { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>A row of <c>lineage_node</c>.</summary>
public sealed class LineageNodeEntity
{
    public long Id { get; set; }

    public string Kind { get; set; } = null!;

    public string Namespace { get; set; } = null!;

    public string QualifiedName { get; set; } = null!;

    public string DisplayName { get; set; } = null!;

    public long? ParentId { get; set; }

    public string Properties { get; set; } = null!;

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A row of <c>lineage_run</c>.</summary>
public sealed class LineageRunEntity
{
    public Guid RunId { get; set; }

    public long NodeId { get; set; }

    public string JobNamespace { get; set; } = null!;

    public string JobName { get; set; } = null!;

    public string VersionKey { get; set; } = null!;

    public string State { get; set; } = null!;

    public DateTime StartedAt { get; set; }

    public DateTime? EndedAt { get; set; }

    public string? ErrorMessage { get; set; }

    public string Producer { get; set; } = null!;
}
