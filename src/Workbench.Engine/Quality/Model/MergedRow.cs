namespace Workbench.Engine.Quality.Model;

/// <summary>
/// One joined key as the view yields it: the merged value of every target field (in
/// <see cref="QualityDefinition.Fields"/> order; the first valid non-null value in merge order, as the report
/// counts it) and which sources hold the key.
/// </summary>
/// <param name="Key">The normalised key, parts separated by '|' as in issue rows.</param>
/// <param name="PresenceMask">A bit per source, bit 0 for the first (see <see cref="PresenceNames"/>).</param>
/// <param name="Problems">
/// Why the row is not fit to write, or null: a field whose every value failed a transform (so no valid value was
/// merged), or a rule of the view its merged value breaks. <c>unique</c> is judged over all keys, only in the report.
/// </param>
/// <param name="Issues">The kinds of issue the report counts on this key (a query of the view filters and shows them).</param>
/// <param name="FieldIssues">Per field (in <see cref="QualityDefinition.Fields"/> order) its kinds of issue; null when no field has any.</param>
public sealed record MergedRow(
    string Key, object?[] Values, int PresenceMask, IReadOnlyList<string>? Problems = null, RowIssues Issues = RowIssues.None, RowIssues[]? FieldIssues = null)
{
    public bool IsPresentIn(int side) => (PresenceMask & (1 << side)) != 0;

    /// <summary>The kinds of issue of field <paramref name="field"/> on this key.</summary>
    public RowIssues IssuesOf(int field) => FieldIssues?[field] ?? RowIssues.None;
}

/// <summary>The kinds of issue of one key (or one field of it), as <see cref="IssueKinds"/> names them.</summary>
[Flags]
public enum RowIssues
{
    None = 0,
    Presence = 1,
    Null = 2,
    Invalid = 4,
    Mismatch = 8,
    Rule = 16,
}

public static class RowIssueNames
{
    private static readonly (RowIssues Flag, string Name)[] Names =
    [
        (RowIssues.Presence, IssueKinds.Presence), (RowIssues.Null, IssueKinds.Null), (RowIssues.Invalid, IssueKinds.Invalid),
        (RowIssues.Mismatch, IssueKinds.Mismatch), (RowIssues.Rule, IssueKinds.Rule),
    ];

    /// <summary>"null,mismatch": the kinds in <see cref="IssueKinds.All"/> order, empty when there is none.</summary>
    public static string Of(RowIssues issues) =>
        issues == RowIssues.None ? "" : string.Join(',', Names.Where(n => (issues & n.Flag) != 0).Select(n => n.Name));
}

/// <summary>
/// Receives the merged rows of a streaming run, one per joined key, while the report is counted. The engine
/// awaits each call, so a slow consumer (a COPY into a table) holds the join back instead of piling rows up.
/// </summary>
public interface IMergedRowSink
{
    ValueTask AcceptAsync(MergedRow row, CancellationToken cancellationToken);
}
