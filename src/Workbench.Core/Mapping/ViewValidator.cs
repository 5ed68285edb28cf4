using Workbench.Core.Mapping.Suggestions;
using Workbench.Core.Mapping.Transforms;
using Workbench.Core.Schema;
using Workbench.Core.Sources;

namespace Workbench.Core.Mapping;

public enum IssueSeverity
{
    Error,
    Warning,
}

/// <summary>One problem of a view; <see cref="Target"/> names the target field it concerns, when it does.</summary>
public sealed record ValidationIssue(IssueSeverity Severity, string Message, string? Target = null);

/// <summary>Checks a view against the datasets as the catalog describes them now.</summary>
public static class ViewValidator
{
    public static IReadOnlyList<ValidationIssue> Validate(ViewSpec spec, IReadOnlyList<DatasetDescriptor> datasets)
    {
        var issues = new List<ValidationIssue>();
        var byName = datasets.ToDictionary(d => d.QualifiedName, StringComparer.Ordinal);
        FieldSchema? Find(FieldRef f) =>
            byName.TryGetValue(f.Dataset, out var d) ? d.Fields.FirstOrDefault(x => x.Name == f.Field) : null;

        if (spec.Datasets.Count < 2)
            issues.Add(new(IssueSeverity.Warning, "A view usually combines two or more datasets."));
        foreach (var dataset in spec.Datasets.Where(d => !byName.ContainsKey(d.Name)))
            issues.Add(new(IssueSeverity.Error, $"Dataset {dataset.Name} is not in the catalog (source removed or renamed?)."));
        foreach (var duplicate in ViewSpecLimits.DuplicateTargets(spec.Target))
            issues.Add(new(IssueSeverity.Error, ViewSpecLimits.Describe(duplicate), duplicate[0]));
        if (spec.Name.Trim().Length > ViewSpecLimits.MaxNameLength)
            issues.Add(new(IssueSeverity.Error, ViewSpecLimits.Problem(spec)!));

        CheckRelationships(spec, Find, issues);
        CheckMappings(spec, Find, issues);
        return issues;
    }

    private static void CheckRelationships(ViewSpec spec, Func<FieldRef, FieldSchema?> find, List<ValidationIssue> issues)
    {
        var joined = new HashSet<string>(StringComparer.Ordinal);
        foreach (var relationship in spec.Relationships)
        {
            joined.Add(relationship.Left);
            joined.Add(relationship.Right);
            if (relationship.Keys.Count == 0)
                issues.Add(new(IssueSeverity.Error, $"The relationship {relationship.Left} - {relationship.Right} has no join key."));
            foreach (var key in relationship.Keys)
            {
                var left = find(new FieldRef(relationship.Left, key.LeftField));
                var right = find(new FieldRef(relationship.Right, key.RightField));
                if (left is null || right is null)
                    issues.Add(new(IssueSeverity.Error, $"Join key {relationship.Left}.{key.LeftField} = {relationship.Right}.{key.RightField} names a field that does not exist."));
                else if (left.Type != right.Type)
                    issues.Add(new(IssueSeverity.Error,
                        $"Join key {relationship.Left}.{key.LeftField} ({Lower(left.Type)}) = {relationship.Right}.{key.RightField} ({Lower(right.Type)}): the types differ."));
            }
        }
        foreach (var dataset in spec.Datasets.Skip(1).Where(d => !joined.Contains(d.Name)))
            issues.Add(new(IssueSeverity.Warning, $"Dataset {dataset.Name} is not joined to the others."));
    }

    private static void CheckMappings(ViewSpec spec, Func<FieldRef, FieldSchema?> find, List<ValidationIssue> issues)
    {
        foreach (var target in spec.Target)
        {
            var entry = spec.MappingFor(target.Name);
            if (entry is null || entry.Sources.Count == 0)
            {
                if (target.Required)
                    issues.Add(new(IssueSeverity.Error, $"Required target field {target.Name} is not mapped.", target.Name));
                continue;
            }
            foreach (var source in entry.Sources)
            {
                var field = find(source.Field);
                if (field is null)
                {
                    issues.Add(new(IssueSeverity.Error, $"{source.Field} feeding {target.Name} does not exist.", target.Name));
                    continue;
                }
                var produced = TransformChain.OutputType(source.Transforms, field.Type);
                var compatibility = TypeCompatibility.Of(produced, target.Type);
                if (compatibility != Compatibility.Direct)
                    issues.Add(new(IssueSeverity.Error,
                        $"{source.Field} gives {Lower(produced)} but {target.Name} is {Lower(target.Type)}" +
                        (compatibility == Compatibility.NeedsConversion ? ": add a cast or parse." : ": the types are incompatible."),
                        target.Name));
            }
        }
        var known = spec.Target.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in spec.Mappings.Where(m => !known.Contains(m.Target)))
            issues.Add(new(IssueSeverity.Error, $"A mapping feeds {orphan.Target}, which is not in the target schema.", orphan.Target));
    }

    private static string Lower(FieldType type) => type.ToString().ToLowerInvariant();
}
