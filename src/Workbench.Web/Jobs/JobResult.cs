using System.Text.Json;
using Workbench.Engine.Quality.Model;

namespace Workbench.Web.Jobs;

/// <summary>
/// A finished job's result as the steward reads it, from the JSON its handler stored: a materialization's counts,
/// reconciliation and quality figures, or a table copy's rows. Every part is optional: results of older versions, or of
/// an attempt that found its effect already applied, carry fewer of them.
/// </summary>
public sealed record JobResult(
    long? RowsWritten,
    long? RowsRejected,
    string? RejectsTable,
    string? Destination,
    string? Mode,
    bool TableCreated,
    bool AlreadyApplied,
    long? MalformedRecordsSkipped,
    JobReconciliation? Reconciliation,
    JobQuality? Quality,
    string Json)
{
    /// <summary>The result of <paramref name="json"/>, or null when it is no JSON object.</summary>
    public static JobResult? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return null;
            return new JobResult(
                Long(root, "rowsWritten"), Long(root, "rowsRejected"), Text(root, "rejectsTable"), Text(root, "destination"),
                Text(root, "mode"), Flag(root, "tableCreated"), Flag(root, "alreadyApplied"), Long(root, "malformedRecordsSkipped"),
                JobReconciliation.From(root), JobQuality.From(Child(root, "quality")),
                JsonSerializer.Serialize(root, Indented));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    internal static JsonElement? Child(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    internal static long? Long(JsonElement parent, string name) =>
        Child(parent, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number) ? number : null;

    internal static IReadOnlyList<KeyValuePair<string, long>> Counts(JsonElement? parent) =>
        parent is { ValueKind: JsonValueKind.Object } counts
            ? [.. counts.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number).Select(p => KeyValuePair.Create(p.Name, p.Value.GetInt64()))]
            : [];

    private static string? Text(JsonElement parent, string name) => Child(parent, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static bool Flag(JsonElement parent, string name) => Child(parent, name) is { ValueKind: JsonValueKind.True };

    // '+' in presence names stays readable: the text is shown HTML-encoded, never as script.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}

/// <summary>
/// How the rows read add up to the rows written and rejected: rows read, less rows whose key is null, less duplicate
/// rows, less rows that share a key with another source's row, are the keys joined; less those the join kinds leave
/// out, the keys kept; kept = written + rejected.
/// </summary>
public sealed record JobReconciliation(
    IReadOnlyList<KeyValuePair<string, long>> RowsReadPerSource, long? KeysJoined, long? KeysLeftOutByJoinKind, long? KeysKept,
    long NullKeyRows, long DuplicateRows)
{
    public long RowsRead => RowsReadPerSource.Sum(r => r.Value);

    /// <summary>Rows whose key another source also holds, counted once in the keys joined (what the other counts leave).</summary>
    public long? MatchedAcrossSources => KeysJoined is { } keys ? RowsRead - NullKeyRows - DuplicateRows - keys : null;

    internal static JobReconciliation? From(JsonElement root)
    {
        if (JobResult.Child(root, "reconciliation") is { ValueKind: JsonValueKind.Object } counts)
        {
            var quality = JobResult.Child(root, "quality");
            var duplicates = quality is { } q && JobResult.Child(q, "duplicates") is { ValueKind: JsonValueKind.Object } d
                ? d.EnumerateObject().Sum(s => JobResult.Long(s.Value, "extraRows") ?? 0)
                : 0;
            var nullKeys = quality is { } n ? JobResult.Counts(JobResult.Child(n, "nullKeys")).Sum(c => c.Value) : 0;
            return new JobReconciliation(JobResult.Counts(JobResult.Child(counts, "rowsReadPerSource")), JobResult.Long(counts, "keysJoined"),
                JobResult.Long(counts, "keysLeftOutByJoinKind"), JobResult.Long(counts, "keysKept"), nullKeys, duplicates);
        }
        // A table copy reads one table: rows read and written must be equal.
        return JobResult.Long(root, "rowsRead") is { } read && JobResult.Child(root, "source")?.GetString() is { } source
            ? new JobReconciliation([KeyValuePair.Create(source, read)], null, null, null, 0, 0)
            : null;
    }
}

/// <summary>
/// The quality figures of the run: keys per presence (which sources hold them), the keys most sources hold first, and
/// issues per kind in the quality report's order. The store keeps the result as jsonb, which orders keys its own way.
/// </summary>
public sealed record JobQuality(long? Keys, IReadOnlyList<KeyValuePair<string, long>> Presence, IReadOnlyList<KeyValuePair<string, long>> IssueCounts)
{
    internal static JobQuality? From(JsonElement? quality) =>
        quality is { ValueKind: JsonValueKind.Object } q
            ? new JobQuality(
                JobResult.Long(q, "keys"),
                [.. JobResult.Counts(JobResult.Child(q, "presence")).OrderByDescending(p => p.Key.Split('+').Length).ThenByDescending(p => p.Value)],
                [.. JobResult.Counts(JobResult.Child(q, "issueCounts")).OrderBy(i => KindOrder(i.Key))])
            : null;

    private static readonly Dictionary<string, int> Order = IssueKinds.All.Select((kind, index) => (kind, index)).ToDictionary(k => k.kind, k => k.index);

    private static int KindOrder(string kind) => Order.GetValueOrDefault(kind, int.MaxValue);
}
