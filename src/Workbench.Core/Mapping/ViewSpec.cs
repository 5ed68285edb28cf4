using Workbench.Core.Schema;

namespace Workbench.Core.Mapping;

/// <summary>
/// A view: datasets (by qualified name, <c>source.dataset</c>), how they join, the target schema and the
/// mapping onto it. A recipe, not data; this is exactly what the JSON spec holds.
/// </summary>
public sealed record ViewSpec(
    string Name,
    IReadOnlyList<ViewDataset> Datasets,
    IReadOnlyList<Relationship> Relationships,
    IReadOnlyList<TargetField> Target,
    IReadOnlyList<MappingEntry> Mappings,
    IReadOnlyList<RuleSpec> Rules,
    string? Description = null)
{
    public const string Format = "workbench.view/1";

    public static ViewSpec Empty(string name) => new(name, [], [], [], [], []);

    public MappingEntry? MappingFor(string target) =>
        Mappings.FirstOrDefault(m => string.Equals(m.Target, target, StringComparison.Ordinal));

    public ViewDataset? Dataset(string name) =>
        Datasets.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.Ordinal));
}

/// <summary>A dataset taking part in a view, named as the catalog names it (<c>source.dataset</c>).</summary>
public sealed record ViewDataset(string Name);

/// <summary>One field of one dataset of the view.</summary>
public sealed record FieldRef(string Dataset, string Field)
{
    public override string ToString() => $"{Dataset}.{Field}";
}

/// <summary>A field the migrated data must have.</summary>
public sealed record TargetField(string Name, FieldType Type, bool Required = false, string? Description = null);

public enum JoinKind
{
    FullOuter = 0,
    Left,
    Inner,
}

/// <summary>One pair of key fields; a composite key is several pairs.</summary>
public sealed record JoinKey(string LeftField, string RightField);

public sealed record Relationship(string Left, string Right, IReadOnlyList<JoinKey> Keys, JoinKind Kind = JoinKind.FullOuter);

/// <summary>
/// What feeds one target field: its sources in order of precedence. The first source whose transformed value
/// is not null wins (e.g. premium from FAST, else from legacy).
/// </summary>
public sealed record MappingEntry(string Target, IReadOnlyList<MappingSource> Sources);

/// <summary>A source field and the transforms applied to it, in order.</summary>
public sealed record MappingSource(FieldRef Field, IReadOnlyList<Transforms.Transform> Transforms);

/// <summary>A check on a target field, evaluated by the quality report (e.g. <c>not_null</c>, <c>pattern</c>).</summary>
public sealed record RuleSpec(string Field, string Kind, string? Argument = null);
