using Workbench.Storage.Embedded;

namespace Workbench.Storage;

/// <summary>Section <c>Store</c> of appsettings.json.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>Folder with the 0001_*.sql files; the copy beside the program when empty.</summary>
    public string? MigrationsDirectory { get; set; }

    public PostgresClusterOptions Embedded { get; set; } = new();
}
