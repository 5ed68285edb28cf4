namespace Workbench.Core.Sources;

/// <summary>Kinds of sources; each has one connector. Stored by name, so adding a kind (e.g. MongoDb) appends here.</summary>
public enum SourceKind
{
    PostgreSql,
    RestApi,
    File,
}
