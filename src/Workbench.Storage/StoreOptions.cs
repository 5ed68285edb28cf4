using Workbench.Storage.Embedded;

namespace Workbench.Storage;

/// <summary>Section <c>Store</c> of appsettings.json.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>
    /// The most connections this process holds to the store (its pool; a worker has one of its own). An operation
    /// beyond it waits for a connection to come back, where a larger pool could reach the server's
    /// <c>max_connections</c> (100 by default) under load and be refused with the sources that share the server.
    /// </summary>
    public int MaxPoolSize { get; set; } = 50;

    public PostgresClusterOptions Embedded { get; set; } = new();
}
