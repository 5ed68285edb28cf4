namespace Workbench.Storage.Materialize;

/// <summary>Quotes SQL identifiers for PostgreSQL; every name that comes from a user goes through here.</summary>
public static class SqlIdentifier
{
    /// <summary>Double-quotes <paramref name="name"/>, doubling quotes inside, so any name (spaces, quotes, case) is taken literally.</summary>
    public static string Quote(string name)
    {
        if (string.IsNullOrEmpty(name))
            throw new ArgumentException("An identifier cannot be empty.", nameof(name));
        if (name.Contains('\0'))
            throw new ArgumentException("An identifier cannot contain a NUL character.", nameof(name));
        return "\"" + name.Replace("\"", "\"\"") + "\"";
    }
}

/// <summary>A table in a PostgreSQL database, schema-qualified.</summary>
public sealed record TableName(string Schema, string Name)
{
    public string Quoted => $"{SqlIdentifier.Quote(Schema)}.{SqlIdentifier.Quote(Name)}";

    public override string ToString() => $"{Schema}.{Name}";
}
