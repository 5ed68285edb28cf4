using Workbench.Core.Schema;

namespace Workbench.Core.Mapping.Transforms;

/// <summary>Removes leading and trailing white space from text; other values pass unchanged.</summary>
public sealed record Trim : Transform
{
    public override FieldType OutputType(FieldType input) => input;

    public override string Describe() => "trim";

    public override TransformResult Apply(object? value, TransformContext context) =>
        TransformResult.Ok(value is string s ? s.Trim() : value);
}
