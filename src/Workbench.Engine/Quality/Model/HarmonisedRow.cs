using Workbench.Engine.Quality.Pushdown;

namespace Workbench.Engine.Quality.Model;

/// <summary>
/// One row of a side after the mapping: raw key values (normalised by the engine), the value of each target
/// field the side feeds (in <see cref="QualitySide.Fields"/> order) and, where a transform failed, its reason.
/// Values are null, string, long, decimal, double, bool, DateOnly or DateTime.
/// </summary>
/// <param name="Failures">Null when no transform failed; otherwise one reason (or null) per value.</param>
/// <param name="Position">The row's place in its source, counted from 1; the first row of a duplicated key represents it.</param>
public sealed record HarmonisedRow(object?[] Key, object?[] Values, string?[]? Failures, long Position)
{
    /// <summary>A source row through a side's field mappings: field i's raw value is <paramref name="raw"/>(i).</summary>
    public static HarmonisedRow Of(object?[] key, IReadOnlyList<FieldMapping> fields, Func<int, object?> raw, long position)
    {
        var values = new object?[fields.Count];
        string?[]? failures = null;
        for (var i = 0; i < values.Length; i++)
        {
            var (value, failure) = fields[i].Expression.Evaluate(raw(i));
            values[i] = value;
            if (failure is not null)
                (failures ??= new string?[values.Length])[i] = failure;
        }
        return new HarmonisedRow(key, values, failures, position);
    }
}
