using Workbench.Connectors.Contract;

namespace Workbench.Connectors.Postgres;

/// <summary>
/// The <see cref="PostgresSettings.Queries"/> setting: one read-only query dataset per line, <c>name: select ...</c>.
/// Each becomes the dataset <c>query.name</c>, read inside a read-only transaction; its text must be one reading
/// statement (see <see cref="PostgresQueryText"/>).
/// </summary>
public static class PostgresQueries
{
    public const string DatasetPrefix = "query.";

    public static IReadOnlyList<(string Name, string Sql)> Parse(string? setting)
    {
        var queries = new List<(string Name, string Sql)>();
        var lines = (setting ?? "").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
                continue;
            var colon = line.IndexOf(':');
            var name = colon > 0 ? line[..colon].Trim() : "";
            var sql = colon > 0 ? line[(colon + 1)..].Trim() : "";
            if (name.Length == 0 || sql.Length == 0)
                throw new SourceException($"Query line {i + 1} should read 'name: select ...'.");
            if (queries.Any(q => string.Equals(q.Name, name, StringComparison.OrdinalIgnoreCase)))
                throw new SourceException($"Two queries are called '{name}'.");
            queries.Add((name, PostgresQueryText.Checked(sql, name)));
        }
        return queries;
    }
}
