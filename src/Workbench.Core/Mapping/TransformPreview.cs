using Workbench.Core.Mapping.Transforms;

namespace Workbench.Core.Mapping;

/// <summary>One sample value before and after a source's transforms.</summary>
public sealed record PreviewRow(string Before, string After, string? Failure);

/// <summary>Before -> after on sample rows, with how many values failed and why (most frequent reasons first).</summary>
public sealed record TransformPreview(IReadOnlyList<PreviewRow> Rows, int Failed, int Nulls, IReadOnlyList<(string Reason, int Count)> Reasons)
{
    public static TransformPreview Of(MappingSource source, IEnumerable<IReadOnlyDictionary<string, object?>> rows)
    {
        var previews = new List<PreviewRow>();
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        int failed = 0, nulls = 0;
        foreach (var row in rows)
        {
            // Sample rows come from the source's own dataset: other datasets' fields are absent (null) here.
            object? Lookup(FieldRef f) => f.Dataset == source.Field.Dataset && row.TryGetValue(f.Field, out var v) ? v : null;
            var before = Lookup(source.Field);
            var result = TransformChain.Apply(source.Transforms, before, new TransformContext(Lookup));
            if (result.Failed)
            {
                failed++;
                reasons[result.Failure!] = reasons.GetValueOrDefault(result.Failure!) + 1;
            }
            else if (result.Value is null)
            {
                nulls++;
            }
            previews.Add(new PreviewRow(ValueText.Display(before), result.Failed ? "failed" : ValueText.Display(result.Value), result.Failure));
        }
        var ordered = reasons.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (p.Key, p.Value)).ToList();
        return new TransformPreview(previews, failed, nulls, ordered);
    }
}
