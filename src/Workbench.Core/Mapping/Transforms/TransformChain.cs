using Workbench.Core.Schema;

namespace Workbench.Core.Mapping.Transforms;

/// <summary>Applies transforms in order; the first failure stops the chain and names the step.</summary>
public static class TransformChain
{
    public static TransformResult Apply(IReadOnlyList<Transform> transforms, object? value, TransformContext context)
    {
        var current = TransformResult.Ok(value);
        for (var i = 0; i < transforms.Count; i++)
        {
            current = transforms[i].Apply(current.Value, context);
            if (current.Failed)
                return TransformResult.Fail($"{transforms[i].Describe()}: {current.Failure}");
        }
        return current;
    }

    public static FieldType OutputType(IReadOnlyList<Transform> transforms, FieldType input) =>
        transforms.Aggregate(input, (type, transform) => transform.OutputType(type));

    public static string Describe(IReadOnlyList<Transform> transforms) =>
        transforms.Count == 0 ? "as is" : string.Join(" -> ", transforms.Select(t => t.Describe()));
}
