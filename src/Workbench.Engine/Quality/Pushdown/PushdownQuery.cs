using System.Globalization;
using System.Text;
using Npgsql;
using Workbench.Core.Sql;
using Workbench.Engine.Quality.Model;

namespace Workbench.Engine.Quality.Pushdown;

/// <summary>
/// The whole preview as one parameterised statement: per side a ranked projection (key canonicalised, fields
/// harmonised, failures named, duplicates ranked by physical order), a full outer join of the first rows per
/// key, and every count as a filtered aggregate over the join; with a sample of issue rows beside the counts when
/// one is asked for. Every identifier is quoted, every value a parameter.
/// Counts mean exactly what they mean in the streaming engine (see docs/quality.md, "What is counted").
/// </summary>
public sealed class PushdownQuery
{
    private readonly TableView _view;
    private readonly SqlParameters _parameters = new();
    private readonly List<string> _aggregates = [];
    private readonly List<string> _issueConditions = [];

    private PushdownQuery(TableView view, bool rowsOnly)
    {
        _view = view;
        Definition = view.ToDefinition();
        FieldTypes = view.Fields.Select(f => CommonType(f.Name)).ToArray();
        Ctes = BuildCtes();
        Sql = rowsOnly ? "" : BuildCounts();
    }

    public TableView View => _view;

    public QualityDefinition Definition { get; }

    /// <summary>
    /// One row of counts, or with a sample: one row per sampled issue row (ordered by key, at most the issue sample
    /// limit; one row with a null key when there is none), the counts repeated in each.
    /// </summary>
    public string Sql { get; }

    /// <summary>Whether <see cref="Sql"/> also returns the issue sample.</summary>
    public bool SamplesIssues => _view.Options.IssueSampleLimit > 0;

    /// <summary>The columns of counts; the issue sample's key, presence flags and values follow them.</summary>
    internal int CountColumns => _aggregates.Count + 4 * _view.Sides.Count;

    /// <summary>Per issue column after the key and presence flags: field, side, index among the side's values.</summary>
    internal List<(int Field, int Side, int Index)> IssueColumns { get; } = [];

    public IReadOnlyList<NpgsqlParameter> Parameters => _parameters.All;

    internal int[] PresenceColumns { get; private set; } = [];
    internal int[,] NullColumns { get; private set; } = new int[0, 0];
    internal int[,] InvalidColumns { get; private set; } = new int[0, 0];
    internal int[] MismatchColumns { get; private set; } = [];
    internal int[] RuleColumns { get; private set; } = [];
    /// <summary>Per side: rows, null keys, duplicated keys, extra rows (after the aggregate columns).</summary>
    internal int[,] SideColumns { get; private set; } = new int[0, 0];

    public static PushdownQuery For(TableView view) => new(view, rowsOnly: false);

    /// <summary>
    /// Only the joined rows (<see cref="Ctes"/>, ending with <c>wb_merged</c>: key <c>k</c>, presence <c>p{side}</c>,
    /// values <c>f{field}_{side}</c>, failures <c>x{field}_{side}</c>, merged values <c>m{field}</c>), for a statement
    /// of the caller's own, which adds its values through <see cref="Values"/>.
    /// </summary>
    internal static PushdownQuery ForRows(TableView view) => new(view, rowsOnly: true);

    /// <summary>The common table expressions up to <c>wb_merged</c>, starting with <c>with</c>.</summary>
    internal string Ctes { get; }

    /// <summary>Per target field, the SQL type its values are compared in (numeric, bigint, date or text).</summary>
    internal string[] FieldTypes { get; }

    internal SqlParameters Values => _parameters;

    private string BuildCtes()
    {
        var sides = _view.Sides;
        var fields = _view.Fields;
        var sql = new StringBuilder("with\n");
        for (var s = 0; s < sides.Count; s++)
            AppendSide(sql, s, sides[s]);

        var types = FieldTypes;
        sql.Append("wb_join as (\n  select ");
        sql.Append(sides.Count == 1 ? "s0.k" : "coalesce(" + string.Join(", ", sides.Select((_, s) => $"s{s}.k")) + ")").Append(" as k");
        for (var s = 0; s < sides.Count; s++)
            sql.Append(CultureInfo.InvariantCulture, $",\n    (s{s}.k is not null) as p{s}");
        for (var f = 0; f < fields.Count; f++)
            foreach (var (s, j) in Feeders(fields[f].Name))
                sql.Append(CultureInfo.InvariantCulture, $",\n    s{s}.v{j}::{types[f]} as f{f}_{s}, s{s}.e{j} as x{f}_{s}");
        sql.Append("\n  from s0");
        for (var s = 1; s < sides.Count; s++)
        {
            var previous = s == 1 ? "s0.k" : "coalesce(" + string.Join(", ", Enumerable.Range(0, s).Select(i => $"s{i}.k")) + ")";
            sql.Append(CultureInfo.InvariantCulture, $"\n  full join s{s} on s{s}.k = {previous}");
        }
        // Counts and the sample read the joined rows once, kept, rather than the whole join being worked out twice.
        sql.Append(CultureInfo.InvariantCulture, $"\n),\nwb_merged as {(SamplesIssues ? "materialized " : "")}(\n  select wb_join.*");
        for (var f = 0; f < fields.Count; f++)
        {
            var feeders = Feeders(fields[f].Name);
            sql.Append(",\n    ").Append(feeders.Count switch
            {
                0 => $"null::{types[f]}",
                1 => $"f{f}_{feeders[0].Side}",
                _ => "coalesce(" + string.Join(", ", feeders.Select(x => $"f{f}_{x.Side}")) + ")",
            }).Append(CultureInfo.InvariantCulture, $" as m{f}");
        }
        sql.Append("\n  from wb_join\n)");
        return sql.ToString();
    }

    private string BuildCounts()
    {
        var sides = _view.Sides;
        var ctes = Ctes;
        AddAggregates();
        var counts = new StringBuilder("select * from (\n  select ")
            .Append(string.Join(",\n    ", _aggregates.Select((a, i) => $"{a} as a{i}"))).Append("\n  from wb_merged\n) as wb_counts");
        for (var s = 0; s < sides.Count; s++)
            counts.Append(CultureInfo.InvariantCulture, $"\ncross join (select count(*) as r{s}, count(*) filter (where k is null) as nk{s},"
                + $" count(*) filter (where k is not null and rn = 2) as dk{s}, count(*) filter (where k is not null and rn > 1) as dr{s} from s{s}_all) as wb_side{s}");
        return SamplesIssues
            ? $"{ctes},\nwb_all_counts as (\n{counts}\n)\nselect wb_all_counts.*, wb_issues.* from wb_all_counts\nleft join (\n{IssueSample()}\n) as wb_issues on true\norder by wb_issues.k"
            : $"{ctes}\n{counts}";
    }

    private string IssueSample()
    {
        var columns = new List<string> { "k" };
        columns.AddRange(_view.Sides.Select((_, s) => $"p{s}"));
        for (var f = 0; f < _view.Fields.Count; f++)
            foreach (var (s, j) in Feeders(_view.Fields[f].Name))
            {
                columns.Add($"f{f}_{s}");
                columns.Add($"x{f}_{s}");
                IssueColumns.Add((f, s, j));
            }
        var limit = _parameters.Bigint(_view.Options.IssueSampleLimit);
        return $"select {string.Join(", ", columns)} from wb_merged\nwhere {string.Join("\n   or ", _issueConditions.Select(c => $"({c})"))}\norder by k limit {limit}";
    }

    private void AppendSide(StringBuilder sql, int s, TableSide side)
    {
        var keyParts = side.KeyColumns.Select(c => ColumnExpressionSql.KeyPart(c, _parameters)).ToList();
        var key = keyParts.Count == 1
            ? keyParts[0]
            : "case when " + string.Join(" or ", keyParts.Select(p => $"({p}) is null")) + " then null else "
              + string.Join(" || chr(31) || ", keyParts.Select(p => $"({p})")) + " end";
        sql.Append(CultureInfo.InvariantCulture, $"s{s}_in as (\n  select ctid as wb_pos, {key} as k");
        for (var j = 0; j < side.Fields.Count; j++)
            sql.Append(CultureInfo.InvariantCulture, $",\n    {ColumnExpressionSql.Projected(side.Fields[j].Expression)} as c{j}");
        sql.Append(CultureInfo.InvariantCulture, $"\n  from {SqlIdentifier.Qualified(side.Schema, side.Table)}\n),\n");
        sql.Append(CultureInfo.InvariantCulture, $"s{s}_all as (\n  select *, row_number() over (partition by k order by wb_pos) as rn from s{s}_in\n),\n");
        // Casts and their failures are worked out on the first row of each key only, each once: "offset 0" keeps
        // PostgreSQL from folding the inner select into this one, which would evaluate every cast a second time
        // for its failure.
        sql.Append(CultureInfo.InvariantCulture, $"s{s} as (\n  select k");
        for (var j = 0; j < side.Fields.Count; j++)
        {
            var reason = side.Fields[j].Expression.FailureReason;
            sql.Append(CultureInfo.InvariantCulture, $", v{j}, ").Append(reason is null ? "null::text" : $"case when c{j} is not null and v{j} is null then {_parameters.Text(reason)}::text end")
                .Append(CultureInfo.InvariantCulture, $" as e{j}");
        }
        sql.Append("\n  from (select k");
        for (var j = 0; j < side.Fields.Count; j++)
            sql.Append(CultureInfo.InvariantCulture, $", c{j}, {ColumnExpressionSql.Value(side.Fields[j].Expression, $"c{j}", _parameters)} as v{j}");
        sql.Append(CultureInfo.InvariantCulture, $" from s{s}_all where k is not null and rn = 1 offset 0) as wb_first{s}\n),\n");
    }

    private void AddAggregates()
    {
        var sides = _view.Sides;
        var fields = _view.Fields;
        PresenceColumns = new int[1 << sides.Count];
        for (var mask = 1; mask < PresenceColumns.Length; mask++)
            PresenceColumns[mask] = Count(string.Join(" and ", sides.Select((_, s) => (mask & (1 << s)) != 0 ? $"p{s}" : $"not p{s}")), issue: false);
        _issueConditions.Add("not (" + string.Join(" and ", sides.Select((_, s) => $"p{s}")) + ")");

        NullColumns = new int[fields.Count, sides.Count];
        InvalidColumns = new int[fields.Count, sides.Count];
        MismatchColumns = new int[fields.Count];
        for (var f = 0; f < fields.Count; f++)
        {
            var feeders = Feeders(fields[f].Name);
            foreach (var (s, _) in feeders)
            {
                NullColumns[f, s] = Count(NullCondition(f, s));
                InvalidColumns[f, s] = Count(InvalidCondition(f, s));
            }
            MismatchColumns[f] = MismatchCondition(f) is { } mismatch ? Count(mismatch) : Constant("0");
        }

        RuleColumns = _view.Rules.Select(rule => rule.Kind == RuleKind.Unique
            ? Constant($"(select coalesce(sum(c), 0) from (select count(*) as c from wb_merged where m{IndexOfField(rule.Field)} is not null"
                + $" group by m{IndexOfField(rule.Field)}::text having count(*) > 1) as wb_unique)")
            : Count(RuleCondition(rule))).ToArray();
        SideColumns = new int[sides.Count, 4];
        for (var s = 0; s < sides.Count; s++)
            for (var c = 0; c < 4; c++)
                SideColumns[s, c] = _aggregates.Count + 4 * s + c;
    }

    /// <summary>A present source gives no value for field <paramref name="f"/> (and no failure): counted and flagged as null.</summary>
    internal static string NullCondition(int f, int s) => $"p{s} and f{f}_{s} is null and x{f}_{s} is null";

    /// <summary>A source's transform of field <paramref name="f"/> failed.</summary>
    internal static string InvalidCondition(int f, int s) => $"x{f}_{s} is not null";

    /// <summary>Two sources give field <paramref name="f"/> values that differ beyond its tolerance; null when one source feeds it.</summary>
    internal string? MismatchCondition(int f)
    {
        var feeders = Feeders(_view.Fields[f].Name);
        var tolerance = _parameters.Numeric(_view.Fields[f].Tolerance ?? _view.Options.NumericTolerance);
        var pairs = new List<string>();
        for (var a = 0; a < feeders.Count; a++)
            for (var b = a + 1; b < feeders.Count; b++)
            {
                string x = $"f{f}_{feeders[a].Side}", y = $"f{f}_{feeders[b].Side}";
                var differ = FieldTypes[f] switch
                {
                    "numeric" => $"abs({x} - {y}) > {tolerance}",
                    "text" => $"btrim({x}) <> btrim({y})",
                    _ => $"{x} <> {y}",
                };
                pairs.Add($"({x} is not null and {y} is not null and {differ})");
            }
        return pairs.Count == 0 ? null : string.Join(" or ", pairs);
    }

    /// <summary>The merged value of a key breaks <paramref name="rule"/>; unique is judged over all keys, never per key.</summary>
    internal string RuleCondition(QualityRule rule)
    {
        var m = $"m{IndexOfField(rule.Field)}";
        var text = $"{m}::text";
        return rule.Kind switch
        {
            RuleKind.NotNull => $"{m} is null",
            RuleKind.Pattern => $"{m} is not null and not ({text} ~ {_parameters.Text(rule.Pattern!)})",
            RuleKind.InSet => $"{m} is not null and not ({text} = any({_parameters.TextArray(rule.Values!)}))",
            RuleKind.Between => $"{m} is not null and (case when {text} ~ {_parameters.Text(Expressions.NumberText.DecimalPattern)}"
                + $" then {text}::numeric not between {_parameters.Numeric(rule.Min!.Value)} and {_parameters.Numeric(rule.Max!.Value)} else true end)",
            RuleKind.ValidDate => $"{m} is not null and {ColumnExpressionSql.Date(ColumnExpressionSql.Trimmed(text), rule.Formats!, _parameters)} is null",
            RuleKind.LengthBetween => $"{m} is not null and char_length({text}) not between {_parameters.Numeric(rule.Min!.Value)} and {_parameters.Numeric(rule.Max!.Value)}",
            _ => throw new InvalidOperationException($"No per-key condition for a {rule.Kind} rule."),
        };
    }

    /// <summary>A filtered count; unless told otherwise its condition also selects issue rows for the sample.</summary>
    private int Count(string condition, bool issue = true)
    {
        if (issue)
            _issueConditions.Add(condition);
        return Constant($"count(*) filter (where {condition})");
    }

    private int Constant(string sql)
    {
        _aggregates.Add(sql);
        return _aggregates.Count - 1;
    }

    /// <summary>The sides feeding a target field, with the field's place among each side's values.</summary>
    private IReadOnlyList<(int Side, int Index)> Feeders(string field) =>
        MergeOrder.Feeders(Definition, _view.Fields.First(f => f.Name == field));

    private string CommonType(string field)
    {
        var types = _view.Sides.SelectMany(side => side.Fields.Where(x => x.Target == field))
            .Select(x => ColumnExpressionSql.SqlType(x.Expression.Kind)).Distinct().ToList();
        if (types.Count == 1)
            return types[0];
        return types.Count > 0 && types.All(t => t is "numeric" or "bigint") ? "numeric" : "text";
    }

    private int IndexOfField(string field) => _view.Fields.ToList().FindIndex(f => f.Name == field);
}
