using System.Text.Json.Serialization;
using Workbench.Core.Schema;

namespace Workbench.Core.Mapping.Transforms;

/// <summary>
/// One step applied to a source value on its way to a target field. Implementations never throw for a bad
/// value: they return <see cref="TransformResult.Fail"/> with a reason a steward can act on.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(Cast), "cast")]
[JsonDerivedType(typeof(Trim), "trim")]
[JsonDerivedType(typeof(ChangeCase), "case")]
[JsonDerivedType(typeof(ParseDate), "parseDate")]
[JsonDerivedType(typeof(ParseNumber), "parseNumber")]
[JsonDerivedType(typeof(DefaultWhenNull), "default")]
[JsonDerivedType(typeof(ValueMap), "valueMap")]
[JsonDerivedType(typeof(Concat), "concat")]
[JsonDerivedType(typeof(RegexExtract), "regexExtract")]
public abstract record Transform
{
    public abstract TransformResult Apply(object? value, TransformContext context);

    /// <summary>The type of what comes out, given what goes in; drives type validation.</summary>
    public abstract FieldType OutputType(FieldType input);

    /// <summary>A short human description, shown when hovering a connector.</summary>
    public abstract string Describe();
}

/// <summary>The rest of the row, for transforms that combine fields.</summary>
public sealed class TransformContext(Func<FieldRef, object?>? lookup = null)
{
    public static readonly TransformContext None = new();

    public object? Lookup(FieldRef field) => lookup?.Invoke(field);
}
