namespace Workbench.Engine.Quality.Model;

/// <summary>Puts a report together the same way whichever engine counted, so the two compare field by field.</summary>
public static class QualityReports
{
    public static QualityReport Assemble(
        string engine,
        IReadOnlyList<string> sources,
        long[] presenceByMask,
        IReadOnlyList<FieldReport> fields,
        long[] nullKeys,
        long[] duplicateKeys,
        long[] extraRows,
        IReadOnlyList<RuleReport> rules,
        long[] rowsScanned,
        long elapsedMs,
        bool spilled,
        IReadOnlyList<IssueRow> issues)
    {
        var all = presenceByMask.Length - 1;
        var counts = new Dictionary<string, long>
        {
            [IssueKinds.Presence] = presenceByMask.Sum() - presenceByMask[all],
            [IssueKinds.Null] = fields.Sum(f => f.Nulls),
            [IssueKinds.Invalid] = fields.Sum(f => f.Invalid),
            [IssueKinds.Mismatch] = fields.Sum(f => f.Mismatches),
            [IssueKinds.Duplicate] = extraRows.Sum(),
            [IssueKinds.NullKey] = nullKeys.Sum(),
            [IssueKinds.Rule] = rules.Sum(r => r.Failures),
        };
        return new QualityReport
        {
            Engine = engine,
            Sources = sources,
            Keys = presenceByMask.Sum(),
            Presence = PresenceNames.Counts(presenceByMask, sources),
            Fields = fields,
            Duplicates = sources.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => new DuplicateReport(duplicateKeys[x.i], extraRows[x.i])),
            NullKeys = sources.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => nullKeys[x.i]),
            RuleFailures = rules,
            RowsScanned = sources.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => rowsScanned[x.i]),
            IssueCounts = counts,
            ElapsedMs = elapsedMs,
            Spilled = spilled,
            Issues = issues,
        };
    }
}
