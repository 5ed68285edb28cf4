using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Npgsql;
using Workbench.Engine.Quality.Expressions;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Streaming;
using Workbench.Engine.Query;

namespace Workbench.Engine.Quality.Pushdown;

/// <summary>
/// A query of a view whose tables live in one PostgreSQL database, as one parameterised statement over the
/// preview's joined rows (<see cref="PushdownQuery.ForRows"/>): each key's merged values, where it is and its kinds
/// of issue flagged by the same conditions the preview counts with, then the filters, the order and the page (with
/// the total as a window count), all worked out in the database. The in-process twin is <see cref="RowMatcher"/>.
/// </summary>
public sealed class PushdownRowQuery
{
    private readonly PushdownQuery _rows;
    private readonly BoundQuery _query;
    private readonly SqlParameters _values;

    public PushdownRowQuery(TableView view, BoundQuery query)
    {
        _rows = PushdownQuery.ForRows(view);
        _query = query;
        _values = _rows.Values;
    }

    /// <summary>One page of matching rows, with the total of matching rows.</summary>
    public async Task<QueryPage> PageAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        var sql = $"{Rows()}\nselect *, count(*) over () as wb_total from wb_rows where {Where()}\norder by {OrderBy()}"
            + $"\noffset {_values.Bigint(_query.Offset)} limit {_values.Bigint(_query.Limit)}";
        var rows = new List<QueryRow>();
        long total = 0;
        await foreach (var (row, count) in ReadAsync(database, sql, withTotal: true, cancellationToken))
        {
            rows.Add(row);
            total = count;
        }
        // Past the last page no row carries the total; it is counted on its own.
        if (rows.Count == 0 && _query.Offset > 0)
            total = await CountAsync(database, cancellationToken);
        return new QueryPage(QueryColumns.Of(_query.Shape.Fields), rows, total, PushdownQualityEngine.Name);
    }

    /// <summary>Every matching row, by key, as PostgreSQL sends them.</summary>
    public async IAsyncEnumerable<QueryRow> RowsAsync(NpgsqlDataSource database, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sql = $"{Rows()}\nselect * from wb_rows where {Where()}\norder by {OrderBy()}";
        await foreach (var (row, _) in ReadAsync(database, sql, withTotal: false, cancellationToken))
            yield return row;
    }

    private async Task<long> CountAsync(NpgsqlDataSource database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = Command($"{Rows()}\nselect count(*) from wb_rows where {Where()}", connection);
        try
        {
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failed(ex);
        }
    }

    private async IAsyncEnumerable<(QueryRow Row, long Total)> ReadAsync(
        NpgsqlDataSource database, string sql, bool withTotal, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sources = _query.Shape.Sources;
        var fields = _query.Shape.Fields.Count;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = Command(sql, connection);
        NpgsqlDataReader reader;
        try
        {
            reader = await command.ExecuteReaderAsync(cancellationToken);
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failed(ex);
        }
        await using (reader)
        {
            var issuesColumn = 1 + sources.Count + fields;
            var totalColumn = reader.FieldCount - 1;
            while (await NextAsync(reader, cancellationToken))
            {
                var mask = 0;
                for (var s = 0; s < sources.Count; s++)
                    if (reader.GetBoolean(1 + s))
                        mask |= 1 << s;
                var values = new string?[fields];
                for (var f = 0; f < fields; f++)
                    values[f] = reader.IsDBNull(1 + sources.Count + f) ? null : ValueText.Of(reader.GetValue(1 + sources.Count + f));
                var row = new QueryRow(reader.GetString(0), values, PresenceNames.Of(mask, sources), RowIssueNames.Of((RowIssues)reader.GetInt32(issuesColumn)));
                yield return (row, withTotal ? reader.GetInt64(totalColumn) : 0);
            }
        }
    }

    private static async Task<bool> NextAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.ReadAsync(cancellationToken);
        }
        catch (NpgsqlException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failed(ex);
        }
    }

    private NpgsqlCommand Command(string sql, NpgsqlConnection connection)
    {
        var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var parameter in _values.All)
            command.Parameters.Add(parameter.Clone());
        return command;
    }

    private static QualityPreviewException Failed(NpgsqlException ex) => new($"The pushed-down query failed in PostgreSQL: {ex.Message}", ex);

    /// <summary>The joined rows as the query sees them: display key, presence flags, merged values, issue flags, invalid flag per field.</summary>
    private string Rows()
    {
        var sides = _query.Shape.Sources.Count;
        var fields = _query.Shape.Fields.Count;
        var sql = new StringBuilder(_rows.Ctes).Append(",\nwb_rows as (\n  select replace(k, chr(31), '|') as wb_key");
        for (var s = 0; s < sides; s++)
            sql.Append(CultureInfo.InvariantCulture, $", p{s}");
        for (var f = 0; f < fields; f++)
            sql.Append(CultureInfo.InvariantCulture, $", m{f}");
        sql.Append(",\n    ").Append(IssueFlags()).Append(" as wb_issues");
        for (var f = 0; f < fields; f++)
            sql.Append(CultureInfo.InvariantCulture, $",\n    {Any(Feeders(f).Select(s => PushdownQuery.InvalidCondition(f, s)))} as wb_invalid{f}");
        return sql.Append("\n  from wb_merged\n)").ToString();
    }

    /// <summary>The <see cref="RowIssues"/> of a key as an integer, from the conditions the preview counts with.</summary>
    private string IssueFlags()
    {
        var sides = _query.Shape.Sources.Count;
        var fields = Enumerable.Range(0, _query.Shape.Fields.Count).ToList();
        var rules = _rows.View.Rules.Where(r => r.Kind != RuleKind.Unique).Select(_rows.RuleCondition);
        (RowIssues Flag, string Condition)[] flags =
        [
            (RowIssues.Presence, "not (" + string.Join(" and ", Enumerable.Range(0, sides).Select(s => $"p{s}")) + ")"),
            (RowIssues.Null, Any(fields.SelectMany(f => Feeders(f).Select(s => PushdownQuery.NullCondition(f, s))))),
            (RowIssues.Invalid, Any(fields.SelectMany(f => Feeders(f).Select(s => PushdownQuery.InvalidCondition(f, s))))),
            (RowIssues.Mismatch, Any(fields.Select(_rows.MismatchCondition).OfType<string>())),
            (RowIssues.Rule, Any(rules)),
        ];
        return string.Join(" | ", flags.Select(x => $"(case when {x.Condition} then {(int)x.Flag} else 0 end)"));
    }

    private static string Any(IEnumerable<string> conditions)
    {
        var all = conditions.Select(c => $"({c})").ToList();
        return all.Count == 0 ? "false" : string.Join(" or ", all);
    }

    private IEnumerable<int> Feeders(int field) =>
        MergeOrder.Feeders(_rows.Definition, _rows.Definition.Fields[field]).Select(x => x.Side);

    private string Where()
    {
        var conditions = _query.Filters.Select(Condition).ToList();
        return conditions.Count == 0 ? "true" : string.Join("\n  and ", conditions.Select(c => $"({c})"));
    }

    private string Condition(BoundFilter filter) => filter switch
    {
        BoundFilter.Source s => (s.Negated ? "not " : "") + "(" + string.Join(" and ",
            _query.Shape.Sources.Select((_, side) => (s.Mask & (1 << side)) != 0 ? $"p{side}" : $"not p{side}")) + ")",
        BoundFilter.HasIssues h => h.Wanted ? "wb_issues <> 0" : "wb_issues = 0",
        BoundFilter.Null n => $"m{n.Field} is {(n.Negated ? "not " : "")}null",
        BoundFilter.Invalid i => $"wb_invalid{i.Field}",
        BoundFilter.Compare c => $"{Comparable(c.Field)} {Operator(c.Op)} "
            + (c.Number is { } number ? _values.Numeric(number) : _values.Text(c.Text) + " collate \"C\""),
        _ => throw new InvalidOperationException($"Unknown filter {filter}."),
    };

    /// <summary>A field as it is compared and ordered: its number (null when its text is none) or its text in byte order.</summary>
    private string Comparable(int field) => _query.Shape.Numeric[field]
        ? $"(case when m{field}::text ~ {_values.Text(NumberText.DecimalPattern)} then m{field}::text::numeric end)"
        : $"(m{field}::text collate \"C\")";

    private static string Operator(FilterOp op) => op switch
    {
        FilterOp.Equals => "=",
        FilterOp.Less => "<",
        FilterOp.LessOrEqual => "<=",
        FilterOp.Greater => ">",
        FilterOp.GreaterOrEqual => ">=",
        _ => throw new InvalidOperationException($"{op} is not a comparison."),
    };

    private string OrderBy()
    {
        var direction = _query.Descending ? "desc" : "asc";
        return _query.SortField < 0
            ? $"wb_key collate \"C\" {direction}"
            : $"{Comparable(_query.SortField)} {direction} nulls last, wb_key collate \"C\" asc";
    }
}
