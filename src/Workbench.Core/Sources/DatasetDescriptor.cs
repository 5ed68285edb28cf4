using Workbench.Core.Schema;

namespace Workbench.Core.Sources;

/// <summary>A dataset (table, endpoint, file) of a registered source, as the rest of the product sees it.</summary>
public sealed record DatasetDescriptor(Guid Id, Guid SourceId, string SourceName, string Name, IReadOnlyList<FieldSchema> Fields)
{
    /// <summary>How people refer to it: <c>source.dataset</c>.</summary>
    public string QualifiedName => $"{SourceName}.{Name}";
}
