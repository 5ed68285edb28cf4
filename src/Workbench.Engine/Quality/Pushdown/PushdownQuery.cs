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

    private PushdownQuery(TableView view)
    {
        _view = view;
        Definition = view.ToDefinition();
        Sql = Build();
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

    public static PushdownQuery For(TableView view) => new(view);

    private string Build()
    {
        var sides = _view.Sides;
        var fields = _view.Fields;
        var sql = new StringBuilder("with\n");
        for (var s = 0; s < sides.Count; s++)
            AppendSide(sql, s, sides[s]);

        var types = fields.Select(f => CommonType(f.Name)).ToArray();
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
        var ctes = sql.ToString();

        AddAggregates(types);
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

    private void AddAggregates(string[] types)
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
                NullColumns[f, s] = Count($"p{s} and f{f}_{s} is null and x{f}_{s} is null");
                InvalidColumns[f, s] = Count($"x{f}_{s} is not null");
            }
            var tolerance = _parameters.Numeric(fields[f].Tolerance ?? _view.Options.NumericTolerance);
            var pairs = new List<string>();
            for (var a = 0; a < feeders.Count; a++)
                for (var b = a + 1; b < feeders.Count; b++)
                {
                    string x = $"f{f}_{feeders[a].Side}", y = $"f{f}_{feeders[b].Side}";
                    var differ = types[f] switch
                    {
                        "numeric" => $"abs({x} - {y}) > {tolerance}",
                        "text" => $"btrim({x}) <> btrim({y})",
                        _ => $"{x} <> {y}",
                    };
                    pairs.Add($"({x} is not null and {y} is not null and {differ})");
                }
            MismatchColumns[f] = pairs.Count == 0 ? Constant("0") : Count(string.Join(" or ", pairs));
        }

        RuleColumns = _view.Rules.Select(rule => RuleColumn(rule, IndexOfField(rule.Field))).ToArray();
        SideColumns = new int[sides.Count, 4];
        for (var s = 0; s < sides.Count; s++)
            for (var c = 0; c < 4; c++)
                SideColumns[s, c] = _aggregates.Count + 4 * s + c;
    }

    private int RuleColumn(QualityRule rule, int f)
    {
        var m = $"m{f}";
        var text = $"{m}::text";
        return rule.Kind switch
        {
            RuleKind.NotNull => Count($"{m} is null"),
            RuleKind.Unique => Constant($"(select coalesce(sum(c), 0) from (select count(*) as c from wb_merged where {m} is not null group by {text} having count(*) > 1) as wb_unique)"),
            RuleKind.Pattern => Count($"{m} is not null and not ({text} ~ {_parameters.Text(rule.Pattern!)})"),
            RuleKind.InSet => Count($"{m} is not null and not ({text} = any({_parameters.TextArray(rule.Values!)}))"),
            RuleKind.Between => Count($"{m} is not null and (case when {text} ~ {_parameters.Text(Expressions.NumberText.DecimalPattern)}"
                + $" then {text}::numeric not between {_parameters.Numeric(rule.Min!.Value)} and {_parameters.Numeric(rule.Max!.Value)} else true end)"),
            RuleKind.ValidDate => Count($"{m} is not null and {ColumnExpressionSql.Date(ColumnExpressionSql.Trimmed(text), rule.Formats!, _parameters)} is null"),
            RuleKind.LengthBetween => Count($"{m} is not null and char_length({text}) not between {_parameters.Numeric(rule.Min!.Value)} and {_parameters.Numeric(rule.Max!.Value)}"),
            _ => throw new InvalidOperationException($"Unknown rule kind {rule.Kind}."),
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
