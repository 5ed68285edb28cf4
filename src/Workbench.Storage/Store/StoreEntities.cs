namespace Workbench.Storage.Store;

/// <summary>A row of <c>workbench_instance</c>.</summary>
public sealed class WorkbenchInstanceEntity
{
    public short Id { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? DemoSeededAt { get; set; }
}
