namespace Workbench.Core.Sources;

/// <summary>Kinds of sources; each has one connector. Stored by name, so adding a kind appends here.</summary>
public enum SourceKind
{
    PostgreSql,
    RestApi,
    File,
    MongoDb,
}
