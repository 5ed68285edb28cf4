using System.Diagnostics;
using Workbench.Engine.Quality.Expressions;
using Workbench.Engine.Quality.Model;

namespace Workbench.Engine.Quality.Streaming;

/// <summary>
/// Accumulates the report from joined keys (one row per present source: the first row of the key there)
/// and from what the join sees on the way (rows scanned, null keys, duplicates). When asked, it also gives back each
/// key's merged values, so what is written and what is counted come from one evaluation.
/// </summary>
internal sealed class ReportBuilder
{
    private readonly QualityDefinition _definition;
    private readonly bool _mergeRows;
    private readonly string[] _sources;
    private readonly (int Side, int Index)[][] _feeders;
    private readonly long[] _presence;
    // Per presence mask, its name and what it misses: named once, not per key.
    private readonly string[] _presenceNames;
    private readonly string[] _missingFrom;
    private readonly long[,] _nulls;
    private readonly long[,] _invalid;
    private readonly Dictionary<string, long>[] _reasons;
    private readonly long[] _mismatches;
    private readonly RuleChecker[] _rules;
    private readonly RuleChecker[][] _rulesByField;
    private readonly long[] _nullKeys;
    private readonly long[] _duplicateKeys;
    private readonly long[] _extraRows;
    private readonly List<IssueRow> _issues = [];
    private readonly List<object> _valid = [];
    // Reused for every key: most keys have no problem, and a list per key was an allocation per written row.
    private readonly List<string> _problems = [];
    private long _keys;

    public ReportBuilder(QualityDefinition definition, bool mergeRows = false)
    {
        _definition = definition;
        _mergeRows = mergeRows;
        _sources = definition.Sides.Select(s => s.Name).ToArray();
        var fields = definition.Fields;
        _feeders = fields.Select(f => MergeOrder.Feeders(definition, f).ToArray()).ToArray();
        _presence = new long[1 << _sources.Length];
        _presenceNames = Enumerable.Range(0, _presence.Length).Select(mask => PresenceNames.Of(mask, _sources)).ToArray();
        _missingFrom = Enumerable.Range(0, _presence.Length).Select(mask => "missing from " + PresenceNames.Of(~mask & (_presence.Length - 1), _sources)).ToArray();
        _nulls = new long[fields.Count, _sources.Length];
        _invalid = new long[fields.Count, _sources.Length];
        _reasons = fields.Select(_ => new Dictionary<string, long>(StringComparer.Ordinal)).ToArray();
        _mismatches = new long[fields.Count];
        _rules = definition.Rules.Select(r => new RuleChecker(r, IndexOf(fields.Select(f => f.Name).ToList(), r.Field))).ToArray();
        _rulesByField = fields.Select((_, i) => _rules.Where(r => r.FieldIndex == i).ToArray()).ToArray();
        _nullKeys = new long[_sources.Length];
        _duplicateKeys = new long[_sources.Length];
        _extraRows = new long[_sources.Length];
        RowsScanned = new long[_sources.Length];
    }

    public long[] RowsScanned { get; }

    public IReadOnlyList<IssueRow> Issues => _issues;

    public void NullKey(int side, HarmonisedRow row)
    {
        _nullKeys[side]++;
        if (!SampleFull)
            AddIssue("", IssueKinds.NullKey, null, $"row {row.Position} of {_sources[side]} has no key", _sources[side], new Dictionary<string, string?>());
    }

    public void Duplicate(int side, string key, long position, bool firstRepeat)
    {
        if (firstRepeat)
            _duplicateKeys[side]++;
        _extraRows[side]++;
        if (!SampleFull)
            AddIssue(key, IssueKinds.Duplicate, null, $"row {position} of {_sources[side]} repeats the key; the first row represents it", _sources[side],
            new Dictionary<string, string?>());
    }

    /// <summary>
    /// One joined key: for each source its row, or null when the key is not there. Returns the merged row when the
    /// builder was made to merge rows, null otherwise.
    /// </summary>
    public MergedRow? Evaluate(string key, SideRow?[] rows)
    {
        _keys++;
        var mask = 0;
        for (var s = 0; s < rows.Length; s++)
            if (rows[s] is not null)
                mask |= 1 << s;
        _presence[mask]++;
        var presence = _presenceNames[mask];
        if (mask != _presence.Length - 1 && !SampleFull)
            AddIssue(key, IssueKinds.Presence, null, _missingFrom[mask], presence,
                new Dictionary<string, string?>());

        var merged = _mergeRows ? new object?[_feeders.Length] : null;
        _problems.Clear();
        var issues = mask != _presence.Length - 1 ? RowIssues.Presence : RowIssues.None;
        RowIssues[]? fieldIssues = null;
        for (var f = 0; f < _feeders.Length; f++)
        {
            var value = EvaluateField(key, presence, f, rows, merged is null ? null : _problems, out var found);
            if (merged is null)
                continue;
            merged[f] = value;
            if (found == RowIssues.None)
                continue;
            issues |= found;
            (fieldIssues ??= new RowIssues[_feeders.Length])[f] = found;
        }
        return merged is null
            ? null
            : new MergedRow(DisplayKey(key), merged, mask, _problems.Count > 0 ? _problems.ToArray() : null, issues, fieldIssues);
    }

    /// <summary>Counts one field of one key and returns its merged value; what makes it unfit to write goes to <paramref name="problems"/>.</summary>
    private object? EvaluateField(string key, string presence, int f, SideRow?[] rows, List<string>? problems, out RowIssues issues)
    {
        issues = RowIssues.None;
        _valid.Clear();
        bool anyNull = false, anyInvalid = false, mismatch = false;
        string? firstFailure = null;
        var tolerance = _definition.Fields[f].Tolerance ?? _definition.Options.NumericTolerance;
        foreach (var (side, index) in _feeders[f])
        {
            var row = rows[side];
            if (row is null)
                continue;
            var failure = row.Failures?[index];
            var value = row.Values[index];
            if (failure is not null)
            {
                _invalid[f, side]++;
                _reasons[f][failure] = _reasons[f].GetValueOrDefault(failure) + 1;
                firstFailure ??= $"{_definition.Fields[f].Name}: transform failed in {_sources[side]} ({failure})";
                anyInvalid = true;
            }
            else if (value is null)
            {
                _nulls[f, side]++;
                anyNull = true;
            }
            else
            {
                foreach (var other in _valid)
                    mismatch |= !mismatch && ValueComparer.Differ(other, value, tolerance);
                _valid.Add(value);
            }
        }
        if (mismatch)
            _mismatches[f]++;
        var merged = _valid.Count > 0 ? _valid[0] : null;
        var name = _definition.Fields[f].Name;
        if (anyInvalid)
            issues |= RowIssues.Invalid;
        if (anyNull)
            issues |= RowIssues.Null;
        if (mismatch)
            issues |= RowIssues.Mismatch;
        if (anyInvalid)
            AddFieldIssue(key, IssueKinds.Invalid, f, "transform failed", presence, rows);
        // A failure another source makes up for is not the written value's: only a field left without a valid value is.
        if (firstFailure is not null && _valid.Count == 0)
            problems?.Add(firstFailure);
        if (anyNull)
            AddFieldIssue(key, IssueKinds.Null, f, "no value", presence, rows);
        if (mismatch)
            AddFieldIssue(key, IssueKinds.Mismatch, f, "sources disagree", presence, rows);
        foreach (var rule in _rulesByField[f])
            if (rule.Check(merged))
            {
                issues |= RowIssues.Rule;
                var broken = $"{name} fails {rule.Rule.Describe()}";
                AddFieldIssue(key, IssueKinds.Rule, f, broken, presence, rows);
                problems?.Add(broken);
            }
        return merged;
    }

    private void AddFieldIssue(string key, string kind, int f, string detail, string presence, SideRow?[] rows)
    {
        if (SampleFull)
            return;
        var values = new Dictionary<string, string?>();
        foreach (var (side, index) in _feeders[f])
            if (rows[side] is { } row)
                values[_sources[side]] = row.Failures?[index] is { } failure
                    ? $"{ValueText.Of(row.Values[index]) ?? ""} ({failure})".TrimStart()
                    : ValueText.Of(row.Values[index]);
        AddIssue(key, kind, _definition.Fields[f].Name, detail, presence, values);
    }

    /// <summary>Issue rows past the sample limit are not built at all: a materialization samples none.</summary>
    private bool SampleFull => _issues.Count >= _definition.Options.IssueSampleLimit;

    private void AddIssue(string key, string kind, string? field, string detail, string presence, IReadOnlyDictionary<string, string?> values)
    {
        if (!SampleFull)
            _issues.Add(new IssueRow(DisplayKey(key), kind, field, detail, presence, values));
    }

    private static string DisplayKey(string key) => key.Replace(KeyNormalizer.PartSeparator, '|');

    public QualityReport Build(string engine, Stopwatch elapsed, bool spilled)
    {
        foreach (var rule in _rules)
            rule.Finish();
        var fields = _definition.Fields.Select((field, f) =>
        {
            var bySource = _feeders[f].OrderBy(x => x.Side).ToDictionary(x => _sources[x.Side], x => new SourceFieldCounts(_nulls[f, x.Side], _invalid[f, x.Side]));
            return new FieldReport(field.Name, bySource.Values.Sum(c => c.Nulls), bySource.Values.Sum(c => c.Invalid),
                _reasons[f].OrderBy(r => r.Key, StringComparer.Ordinal).ToDictionary(r => r.Key, r => r.Value), _mismatches[f], bySource);
        }).ToList();
        return QualityReports.Assemble(engine, _sources, _presence, fields, _nullKeys, _duplicateKeys, _extraRows,
            _rules.Select(r => new RuleReport(r.Rule.Field, r.Rule.Kind, r.Rule.Describe(), r.Failures)).ToList(),
            RowsScanned, elapsed.ElapsedMilliseconds, spilled, _issues);
    }

    private static int IndexOf(List<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
            if (names[i] == name)
                return i;
        return -1;
    }
}
