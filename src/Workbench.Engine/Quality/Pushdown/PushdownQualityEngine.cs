using System.Globalization;
using System.Diagnostics;
using Npgsql;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Streaming;

namespace Workbench.Engine.Quality.Pushdown;

/// <summary>
/// The preview of a view whose tables all live in one PostgreSQL database: one statement, the join and the
/// counts computed where the data is; then a second statement fetches a sample of the joined rows with issues,
/// which become issue rows exactly as in the streaming engine (duplicate and null-key rows are counted, not sampled).
/// </summary>
public static class PushdownQualityEngine
{
    public const string Name = "pushdown";

    public static async Task<QualityReport> RunAsync(NpgsqlDataSource database, TableView view, CancellationToken cancellationToken = default)
    {
        var query = PushdownQuery.For(view);
        var elapsed = Stopwatch.StartNew();
        object[] row;
        IReadOnlyList<IssueRow> issues = [];
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand(query.Sql, connection) { CommandTimeout = 0 };
            foreach (var parameter in query.Parameters)
                command.Parameters.Add(parameter.Clone());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            row = new object[query.CountColumns];
            for (var column = 0; column < row.Length; column++)
                row[column] = reader.GetValue(column);
            if (query.SamplesIssues)
                issues = await IssueSampleAsync(reader, query, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException && !cancellationToken.IsCancellationRequested)
        {
            throw new QualityPreviewException($"The pushed-down preview failed in PostgreSQL: {ex.Message}", ex);
        }
        return Assemble(query, row, elapsed) with { Issues = issues };
    }

    /// <summary>The sample's columns follow the counts in every row, from the one the reader is on.</summary>
    private static async Task<IReadOnlyList<IssueRow>> IssueSampleAsync(NpgsqlDataReader reader, PushdownQuery query, CancellationToken cancellationToken)
    {
        var definition = query.Definition;
        var sides = definition.Sides.Count;
        var builder = new ReportBuilder(definition);
        var key = query.CountColumns;
        do
        {
            if (reader.IsDBNull(key))
                continue;
            var rows = new SideRow?[sides];
            for (var s = 0; s < sides; s++)
                if (reader.GetBoolean(key + 1 + s))
                    rows[s] = new SideRow(new object?[definition.Sides[s].Fields.Count], new string?[definition.Sides[s].Fields.Count], 0);
            var column = key + 1 + sides;
            foreach (var (_, side, index) in query.IssueColumns)
            {
                if (rows[side] is { } kept)
                {
                    kept.Values[index] = reader.IsDBNull(column) ? null : reader.GetValue(column);
                    kept.Failures![index] = reader.IsDBNull(column + 1) ? null : reader.GetString(column + 1);
                }
                column += 2;
            }
            builder.Evaluate(reader.GetString(key), rows);
        }
        while (await reader.ReadAsync(cancellationToken));
        return builder.Issues;
    }

    private static QualityReport Assemble(PushdownQuery query, object[] row, Stopwatch elapsed)
    {
        var definition = query.Definition;
        var sources = definition.Sides.Select(s => s.Name).ToList();
        long At(int column) => Convert.ToInt64(row[column], CultureInfo.InvariantCulture);

        var presence = new long[1 << sources.Count];
        for (var mask = 1; mask < presence.Length; mask++)
            presence[mask] = At(query.PresenceColumns[mask]);

        var fields = definition.Fields.Select((field, f) =>
        {
            var bySource = new Dictionary<string, SourceFieldCounts>();
            var reasons = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var s = 0; s < sources.Count; s++)
            {
                var index = definition.Sides[s].Fields.ToList().IndexOf(field.Name);
                if (index < 0)
                    continue;
                var counts = new SourceFieldCounts(At(query.NullColumns[f, s]), At(query.InvalidColumns[f, s]));
                bySource[sources[s]] = counts;
                if (counts.Invalid > 0 && ReasonOf(query, s, index) is { } reason)
                    reasons[reason] = reasons.GetValueOrDefault(reason) + counts.Invalid;
            }
            return new FieldReport(field.Name, bySource.Values.Sum(c => c.Nulls), bySource.Values.Sum(c => c.Invalid),
                reasons.OrderBy(r => r.Key, StringComparer.Ordinal).ToDictionary(r => r.Key, r => r.Value), At(query.MismatchColumns[f]), bySource);
        }).ToList();

        long[] Side(int stat) => sources.Select((_, s) => At(query.SideColumns[s, stat])).ToArray();
        var rules = definition.Rules.Select((rule, r) => new RuleReport(rule.Field, rule.Kind, rule.Describe(), At(query.RuleColumns[r]))).ToList();
        return QualityReports.Assemble(Name, sources, presence, fields, nullKeys: Side(1), duplicateKeys: Side(2), extraRows: Side(3), rules,
            rowsScanned: Side(0), elapsed.ElapsedMilliseconds, spilled: false, issues: []);
    }

    private static string? ReasonOf(PushdownQuery query, int side, int index) => query.View.Sides[side].Fields[index].Expression.FailureReason;
}
