namespace Workbench.Core.Lineage;

/// <summary>
/// A dataset as lineage names it: OpenLineage's namespace (where it lives) and name (what it is called
/// there), e.g. <c>workbench</c> / <c>legacy.policies</c>, or <c>postgres://db:5432</c> / <c>target.public.policy</c>.
/// </summary>
public sealed record DatasetRef(string Namespace, string Name)
{
    public override string ToString() => $"{Namespace}/{Name}";
}

/// <summary>One field (column) of a dataset.</summary>
public sealed record FieldRef(DatasetRef Dataset, string Field)
{
    public string QualifiedName => $"{Dataset.Name}.{Field}";
}

/// <summary>
/// A source field feeding a target column. <see cref="TransformationType.Direct"/>: the value comes from
/// the field (possibly transformed); <see cref="TransformationType.Indirect"/>: the field only decides
/// which rows or how (a join key, a filter).
/// </summary>
public sealed record ColumnEdge(FieldRef Source, FieldRef Target, string? Transform = null, TransformationType Type = TransformationType.Direct);

/// <summary>An approved mapping version and the table it writes into.</summary>
public sealed record ViewVersionRef(
    string ViewId,
    string ViewName,
    int Version,
    DatasetRef Destination,
    string? ApprovedBy = null,
    DateTimeOffset? ApprovedAt = null,
    string? AuthoredBy = null)
{
    /// <summary>The key its mapping edges carry, so a run of this version finds exactly its own column lineage.</summary>
    public string Key => $"{ViewId}@v{Version}";
}

/// <summary>One run of a job, as lineage keeps it.</summary>
/// <param name="VersionKey">The <see cref="ViewVersionRef.Key"/> of the version the run materialised, if any.</param>
public sealed record JobRunRecord(
    Guid RunId,
    string JobNamespace,
    string JobName,
    RunState State,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt = null,
    string? VersionKey = null,
    string? ErrorMessage = null);

public enum TransformationType
{
    Direct,
    Indirect,
}

public enum RunState
{
    Running,
    Complete,
    Fail,
    Abort,
}
