using Workbench.Core.Schema;

namespace Workbench.Core.Mapping.Transforms;

public enum UnmappedValue
{
    /// <summary>A value not in the map passes through unchanged.</summary>
    Keep,
    /// <summary>A value not in the map becomes null.</summary>
    Null,
    /// <summary>A value not in the map is a failure, counted in the report.</summary>
    Fail,
}

/// <summary>Translates codes (e.g. status <c>A</c> to <c>active</c>); keys compare exactly.</summary>
public sealed record ValueMap(IReadOnlyDictionary<string, string?> Map, UnmappedValue Unmapped = UnmappedValue.Keep) : Transform
{
    public override FieldType OutputType(FieldType input) => FieldType.Text;

    public override string Describe() =>
        "map " + string.Join(", ", Map.Take(4).Select(p => $"{p.Key} -> {p.Value ?? "null"}")) + (Map.Count > 4 ? ", ..." : "");

    public override TransformResult Apply(object? value, TransformContext context)
    {
        var text = ValueText.Of(value);
        if (text is null)
            return TransformResult.Ok(null);
        if (Map.TryGetValue(text, out var mapped))
            return TransformResult.Ok(mapped);
        return Unmapped switch
        {
            UnmappedValue.Keep => TransformResult.Ok(text),
            UnmappedValue.Null => TransformResult.Ok(null),
            _ => TransformResult.Fail($"\"{text}\" is not in the value map"),
        };
    }
}
