using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbench.Engine.Quality.Model;

/// <summary>
/// The outcome of a preview, serialised as the documented JSON (docs/quality.md, "What is counted").
/// Presence is keyed by the names of the sources that hold the key, joined with '+', in view order.
/// </summary>
public sealed record QualityReport
{
    public required string Engine { get; init; }

    /// <summary>Why a view's preview streamed rather than ran in its database (null when there was no choice to explain).</summary>
    public string? EngineReason { get; init; }

    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>Distinct non-null keys across all sources.</summary>
    public required long Keys { get; init; }

    public required IReadOnlyDictionary<string, long> Presence { get; init; }

    public required IReadOnlyList<FieldReport> Fields { get; init; }

    public required IReadOnlyDictionary<string, DuplicateReport> Duplicates { get; init; }

    /// <summary>Rows whose key is null or blank after normalisation; they join nothing.</summary>
    public required IReadOnlyDictionary<string, long> NullKeys { get; init; }

    public required IReadOnlyList<RuleReport> RuleFailures { get; init; }

    public required IReadOnlyDictionary<string, long> RowsScanned { get; init; }

    /// <summary>How many issues of each kind (see <see cref="IssueKinds"/>); sums of the counts above.</summary>
    public required IReadOnlyDictionary<string, long> IssueCounts { get; init; }

    public long ElapsedMs { get; init; }

    /// <summary>True when the streaming join went over its memory budget and used partition files.</summary>
    public bool Spilled { get; init; }

    /// <summary>A sample of the issue rows (at most the configured limit), each source's value side by side.</summary>
    public IReadOnlyList<IssueRow> Issues { get; init; } = [];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // '+' in presence names stays readable; the JSON is served as application/json, never inlined in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static QualityReport FromJson(string json) =>
        JsonSerializer.Deserialize<QualityReport>(json, Json) ?? throw new JsonException("Empty quality report.");
}

/// <summary>Per target field: totals over the sources that feed it, and the same per source.</summary>
public sealed record FieldReport(
    string Name,
    long Nulls,
    long Invalid,
    IReadOnlyDictionary<string, long> InvalidByReason,
    long Mismatches,
    IReadOnlyDictionary<string, SourceFieldCounts> BySource);

public sealed record SourceFieldCounts(long Nulls, long Invalid);

/// <summary><c>Keys</c>: keys seen more than once in the source; <c>ExtraRows</c>: the rows beyond the first of each.</summary>
public sealed record DuplicateReport(long Keys, long ExtraRows);

public sealed record RuleReport(string Field, RuleKind Rule, string Description, long Failures);

/// <param name="Values">Source name to the field's value in that source (absent when the key is not there).</param>
public sealed record IssueRow(string Key, string Kind, string? Field, string? Detail, string Presence, IReadOnlyDictionary<string, string?> Values);

public static class IssueKinds
{
    public const string Presence = "presence";
    public const string Null = "null";
    public const string Invalid = "invalid";
    public const string Mismatch = "mismatch";
    public const string Duplicate = "duplicate";
    public const string NullKey = "null_key";
    public const string Rule = "rule";

    public static readonly IReadOnlyList<string> All = [Presence, Null, Invalid, Mismatch, Duplicate, NullKey, Rule];
}
