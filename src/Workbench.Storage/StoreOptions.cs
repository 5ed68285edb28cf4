using Workbench.Storage.Embedded;

namespace Workbench.Storage;

/// <summary>Section <c>Store</c> of appsettings.json.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    public PostgresClusterOptions Embedded { get; set; } = new();
}
