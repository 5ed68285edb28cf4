using Workbench.Core.Schema;

namespace Workbench.Core.Profiling;

/// <summary>What a profile says about one field.</summary>
public sealed record FieldProfile(
    string Name,
    long Count,
    long Nulls,
    long DistinctEstimate,
    string? Min,
    string? Max,
    FieldType InferredType,
    IReadOnlyList<ValueCount> TopValues,
    IReadOnlyList<ValueCount> Patterns,
    IReadOnlyList<ValueCount> DateFormats)
{
    public double NullRate => Count == 0 ? 0 : (double)Nulls / Count;
}

public sealed record ValueCount(string Value, long Count);

/// <summary>
/// A profile of a dataset. <see cref="Complete"/>: every row was read. <see cref="SampleLimit"/>: the most rows it was
/// asked to read (null for a full scan), so a sample that happened to cover a small dataset is not called a full scan.
/// </summary>
public sealed record DatasetProfile(
    long Rows, bool Complete, DateTimeOffset ProfiledAt, IReadOnlyList<FieldProfile> Fields, long MalformedRecords = 0, long? SampleLimit = null);
