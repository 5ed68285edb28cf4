namespace Workbench.Core.Sql;

/// <summary>A table in a PostgreSQL database, schema-qualified.</summary>
public sealed record TableName(string Schema, string Name)
{
    public string Quoted => SqlIdentifier.Qualified(Schema, Name);

    public override string ToString() => $"{Schema}.{Name}";
}
