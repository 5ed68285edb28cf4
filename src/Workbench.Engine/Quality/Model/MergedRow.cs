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
public sealed record MergedRow(string Key, object?[] Values, int PresenceMask, IReadOnlyList<string>? Problems = null)
{
    public bool IsPresentIn(int side) => (PresenceMask & (1 << side)) != 0;
}

/// <summary>
/// Receives the merged rows of a streaming run, one per joined key, while the report is counted. The engine
/// awaits each call, so a slow consumer (a COPY into a table) holds the join back instead of piling rows up.
/// </summary>
public interface IMergedRowSink
{
    ValueTask AcceptAsync(MergedRow row, CancellationToken cancellationToken);
}
