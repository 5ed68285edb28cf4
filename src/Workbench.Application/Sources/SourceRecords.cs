using Workbench.Core.Profiling;
using Workbench.Core.Schema;
using Workbench.Core.Sources;

namespace Workbench.Application.Sources;

/// <summary>A registered source as stored, without its secrets (only which ones are set).</summary>
public sealed record SourceSummary(
    Guid Id,
    string Name,
    SourceKind Kind,
    IReadOnlyDictionary<string, string?> Settings,
    IReadOnlyList<string> SecretNames,
    MalformedRecordPolicy MalformedRecords,
    string Status,
    string? StatusMessage,
    DateTimeOffset? LastCheckedAt,
    int DatasetCount,
    bool IsDemo);

/// <summary>A dataset as stored: where it is in its source, its fields, its last profile.</summary>
public sealed record StoredDataset(
    Guid Id,
    Guid SourceId,
    string SourceName,
    string Name,
    IReadOnlyDictionary<string, string?> Locator,
    IReadOnlyList<FieldSchema> Fields,
    DatasetProfile? Profile);

/// <summary>What the add/edit wizard sends: secrets left null keep their stored value.</summary>
public sealed record SourceDraft(
    string Name,
    SourceKind Kind,
    IReadOnlyDictionary<string, string?> Settings,
    IReadOnlyDictionary<string, string?> Secrets,
    MalformedRecordPolicy MalformedRecords = MalformedRecordPolicy.Fail);
