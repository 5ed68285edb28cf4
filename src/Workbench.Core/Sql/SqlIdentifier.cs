namespace Workbench.Core.Sql;

/// <summary>
/// Quotes PostgreSQL identifiers. Every table, schema and column name that reaches SQL text goes through
/// here, so names with quotes, spaces, SQL or HTML in them are just names.
/// </summary>
public static class SqlIdentifier
{
    public static string Quote(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('\0'))
            throw new ArgumentException("An identifier cannot contain a NUL character.", nameof(name));
        return "\"" + name.Replace("\"", "\"\"") + "\"";
    }

    /// <summary><c>"schema"."name"</c>.</summary>
    public static string Qualified(string schema, string name) => Quote(schema) + "." + Quote(name);
}
