namespace Workbench.Core.Schema;

/// <summary>One field of a dataset or of a target schema.</summary>
/// <param name="NativeType">What the source itself calls the type (e.g. <c>numeric(12,2)</c>), when it says.</param>
public sealed record FieldSchema(string Name, FieldType Type, bool Nullable = true, string? NativeType = null);
