using Workbench.Core.Mapping.Transforms;

namespace Workbench.Core.Mapping;

/// <summary>The value of one target field for one (joined) row, and which source gave it.</summary>
public sealed record TargetValue(object? Value, FieldRef? From, IReadOnlyList<string> Failures);

/// <summary>
/// Computes target values from a row: sources are tried in precedence order and the first non-null,
/// successfully transformed value wins. Failures of the sources tried are kept for the report.
/// </summary>
public static class MappingEvaluator
{
    public static TargetValue Evaluate(MappingEntry entry, Func<FieldRef, object?> row)
    {
        var context = new TransformContext(row);
        var failures = new List<string>();
        foreach (var source in entry.Sources)
        {
            var result = TransformChain.Apply(source.Transforms, row(source.Field), context);
            if (result.Failed)
                failures.Add($"{source.Field}: {result.Failure}");
            else if (result.Value is not null)
                return new TargetValue(result.Value, source.Field, failures);
        }
        return new TargetValue(null, null, failures);
    }
}
