using System.Text.Json;
using Workbench.Core.Mapping;
using Workbench.Core.Mapping.Transforms;
using Workbench.Core.Sources;
using Workbench.Engine.Quality.Model;

namespace Workbench.Engine.Views;

/// <summary>
/// How the rows of one dataset become harmonised rows: its key fields as read, and per target field it feeds the
/// mapping's sources of this dataset (in precedence order) with their transforms. The first source giving a
/// non-null value wins; when none does and one failed, the value is the source's value and the failure its reason.
/// </summary>
public sealed class ViewSideMapping(string dataset, IReadOnlyList<string> keyFields, IReadOnlyList<MappingEntry> targets)
{
    public string Dataset { get; } = dataset;

    public IReadOnlyList<string> KeyFields { get; } = keyFields;

    /// <summary>Per target field fed by this dataset, only this dataset's sources of it.</summary>
    public IReadOnlyList<MappingEntry> Targets { get; } = targets;

    /// <summary>The fields to read: keys, mapped fields and fields other transforms (concatenate) look up, once each.</summary>
    public IReadOnlyList<string> Projection { get; } = keyFields
        .Concat(targets.SelectMany(t => t.Sources).SelectMany(s => s.Transforms.OfType<Concat>().SelectMany(c => c.Fields).Prepend(s.Field))
            .Where(f => f.Dataset == dataset).Select(f => f.Field))
        .Distinct(StringComparer.Ordinal)
        .ToList();

    public HarmonisedRow Harmonise(SourceRow row)
    {
        var key = new object?[KeyFields.Count];
        for (var i = 0; i < key.Length; i++)
            key[i] = row[KeyFields[i]];
        var context = new TransformContext(field => field.Dataset == Dataset ? row[field.Field] : null);
        var values = new object?[Targets.Count];
        string?[]? failures = null;
        for (var t = 0; t < Targets.Count; t++)
        {
            var (value, failure) = Evaluate(Targets[t], row, context);
            values[t] = value;
            if (failure is not null)
                (failures ??= new string?[Targets.Count])[t] = failure;
        }
        return new HarmonisedRow(key, values, failures, row.Position.Ordinal);
    }

    private static (object? Value, string? Failure) Evaluate(MappingEntry target, SourceRow row, TransformContext context)
    {
        (object? Value, string? Failure)? firstFailure = null;
        foreach (var source in target.Sources)
        {
            var raw = row[source.Field.Field];
            var (value, failure) = Apply(source.Transforms, raw, context);
            if (failure is not null)
                firstFailure ??= (ValueText.Of(raw), failure);
            else if (value is not null)
                return (EngineValue(value), null);
        }
        return firstFailure ?? (null, null);
    }

    /// <summary>
    /// The transforms in order, as <see cref="TransformChain"/> applies them, but the reason names the failing step
    /// without the value itself ("parse date (dd/MM/yyyy): the value matches none of dd/MM/yyyy"), so the report
    /// counts failures by reason rather than by value; the value is shown next to the reason in issue rows.
    /// </summary>
    private static (object? Value, string? Failure) Apply(IReadOnlyList<Transform> transforms, object? value, TransformContext context)
    {
        foreach (var transform in transforms)
        {
            var result = transform.Apply(value, context);
            if (result.Failed)
                return (null, $"{transform.Describe()}: {WithoutValue(result.Failure!, value)}");
            value = result.Value;
        }
        return (value, null);
    }

    private static string WithoutValue(string reason, object? value)
    {
        if (ValueText.Of(value) is not { Length: > 0 } text)
            return reason;
        var quoted = $"\"{text}\"";
        if (reason.Contains(quoted, StringComparison.Ordinal))
            return reason.Replace(quoted, "the value", StringComparison.Ordinal);
        return reason.StartsWith(text + " ", StringComparison.Ordinal) ? "the value" + reason[text.Length..] : reason;
    }

    /// <summary>The engine compares null, text, long, decimal, double, bool, DateOnly and DateTime; other values are widened or read as text.</summary>
    private static object? EngineValue(object? value) => value switch
    {
        null or string or long or decimal or double or bool or DateOnly or DateTime => value,
        int n => (long)n,
        short n => (long)n,
        byte n => (long)n,
        float n => (double)n,
        DateTimeOffset o => o.UtcDateTime,
        JsonElement { ValueKind: JsonValueKind.Number } e when e.TryGetDecimal(out var d) => d,
        JsonElement { ValueKind: JsonValueKind.True or JsonValueKind.False } e => e.GetBoolean(),
        _ => ValueText.Of(value),
    };
}
