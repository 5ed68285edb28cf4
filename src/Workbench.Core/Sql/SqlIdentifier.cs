namespace Workbench.Core.Sql;

/// <summary>Quotes PostgreSQL identifiers, so a name from a user or a source can never become SQL.</summary>
public static class SqlIdentifier
{
    public static string Quote(string identifier)
    {
        if (string.IsNullOrEmpty(identifier) || identifier.Contains('\0'))
            throw new ArgumentException("An SQL identifier must be non-empty and free of NUL characters.", nameof(identifier));
        return "\"" + identifier.Replace("\"", "\"\"") + "\"";
    }

    /// <summary><c>"schema"."table"</c>.</summary>
    public static string Qualified(string schema, string name) => Quote(schema) + "." + Quote(name);
}
