using Workbench.Core.Schema;

namespace Workbench.Core.Mapping.Transforms;

/// <summary>Appends other fields of the same row, joined by a separator; null parts are left out.</summary>
public sealed record Concat(IReadOnlyList<FieldRef> Fields, string Separator = " ") : Transform
{
    public override FieldType OutputType(FieldType input) => FieldType.Text;

    public override string Describe() => $"concatenate with {string.Join(", ", Fields)}";

    public override TransformResult Apply(object? value, TransformContext context)
    {
        var parts = new List<string>(Fields.Count + 1);
        if (ValueText.Of(value) is { } first)
            parts.Add(first);
        foreach (var field in Fields)
        {
            if (ValueText.Of(context.Lookup(field)) is { } part)
                parts.Add(part);
        }
        return TransformResult.Ok(parts.Count == 0 ? null : string.Join(Separator, parts));
    }
}
