namespace Workbench.Storage.Secrets;

/// <summary>A row of <c>data_protection_key</c>.</summary>
public sealed class DataProtectionKeyEntity
{
    public string FriendlyName { get; set; } = null!;

    public string Xml { get; set; } = null!;

    public DateTime CreatedAt { get; set; }
}
