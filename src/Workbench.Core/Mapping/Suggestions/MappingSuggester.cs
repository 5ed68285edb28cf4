using Workbench.Core.Schema;
using Workbench.Core.Sources;

namespace Workbench.Core.Mapping.Suggestions;

/// <summary>A proposed connection with how sure the workbench is (0..1) and why.</summary>
public sealed record MappingSuggestion(FieldRef Source, string Target, double Confidence, string Reason);

/// <summary>
/// Proposes, for each target field, the best-named field of each dataset, weighed by type compatibility.
/// Fields already mapped are not proposed again.
/// </summary>
public static class MappingSuggester
{
    public const double MinimumConfidence = 0.5;

    public static IReadOnlyList<MappingSuggestion> Suggest(ViewSpec spec, IReadOnlyList<DatasetDescriptor> datasets)
    {
        var suggestions = new List<MappingSuggestion>();
        foreach (var target in spec.Target)
        {
            var mapped = spec.MappingFor(target.Name)?.Sources.Select(s => s.Field).ToHashSet() ?? [];
            foreach (var dataset in datasets.Where(d => spec.Dataset(d.QualifiedName) is not null))
            {
                var context = NameTokens.OfDataset(dataset.Name);
                var best = dataset.Fields
                    .Select(f => Score(dataset, f, target, context))
                    .Where(s => s.Confidence >= MinimumConfidence && !mapped.Contains(s.Source))
                    .OrderByDescending(s => s.Confidence)
                    .FirstOrDefault();
                if (best is not null)
                    suggestions.Add(best);
            }
        }
        return suggestions.OrderByDescending(s => s.Confidence).ThenBy(s => s.Target, StringComparer.Ordinal).ToList();
    }

    private static MappingSuggestion Score(DatasetDescriptor dataset, FieldSchema field, TargetField target, IReadOnlyCollection<string> context)
    {
        var name = NameSimilarity.Score(field.Name, target.Name, context);
        var compatibility = TypeCompatibility.Of(field.Type, target.Type);
        var factor = compatibility switch
        {
            Compatibility.Direct => 1.0,
            Compatibility.NeedsConversion => 0.9,
            _ => 0.5,
        };
        var reason = $"name {Math.Round(name * 100)}%" + compatibility switch
        {
            Compatibility.Direct => $", {field.Type.ToString().ToLowerInvariant()} fits",
            Compatibility.NeedsConversion => $", {field.Type.ToString().ToLowerInvariant()} needs a conversion",
            _ => $", {field.Type.ToString().ToLowerInvariant()} does not fit {target.Type.ToString().ToLowerInvariant()}",
        };
        return new MappingSuggestion(new FieldRef(dataset.QualifiedName, field.Name), target.Name, Math.Round(name * factor, 2), reason);
    }
}
