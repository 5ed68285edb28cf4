using Workbench.Core.Schema;

namespace Workbench.Core.Mapping.Transforms;

public enum LetterCase
{
    Upper,
    Lower,
}

/// <summary>Upper- or lower-cases text (culture-invariant, so results do not depend on the server).</summary>
public sealed record ChangeCase(LetterCase Case) : Transform
{
    public override FieldType OutputType(FieldType input) => FieldType.Text;

    public override string Describe() => Case == LetterCase.Upper ? "upper case" : "lower case";

    public override TransformResult Apply(object? value, TransformContext context)
    {
        var text = ValueText.Of(value);
        if (text is null)
            return TransformResult.Ok(null);
        return TransformResult.Ok(Case == LetterCase.Upper ? text.ToUpperInvariant() : text.ToLowerInvariant());
    }
}
