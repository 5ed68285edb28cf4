using Workbench.Core.Schema;

namespace Workbench.Core.Mapping.Transforms;

/// <summary>Replaces null (and, unless told otherwise, blank text) with a fixed value.</summary>
public sealed record DefaultWhenNull(string Value, bool BlankIsNull = true) : Transform
{
    public override FieldType OutputType(FieldType input) => input;

    public override string Describe() => $"default \"{Value}\" when null";

    public override TransformResult Apply(object? value, TransformContext context) =>
        value is null || (BlankIsNull && value is string s && string.IsNullOrWhiteSpace(s))
            ? TransformResult.Ok(Value)
            : TransformResult.Ok(value);
}
