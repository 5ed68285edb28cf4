using System.Diagnostics.CodeAnalysis;
namespace Workbench.Core.Sources;

/// <summary>
/// One row read from a dataset: values addressable by field name (case-insensitive), plus where the row
/// came from so an error report can say "line 17" or "page 3, record 12".
/// </summary>
/// <remarks>
/// Rows of one read share a <see cref="RowShape"/>, so a row is an array of values and a reference, not
/// a dictionary per row: reading a million rows costs a million small arrays.
/// </remarks>
[SuppressMessage("Naming", "CA1710", Justification = "A row read from a source: a dictionary of its fields by name, but a row to every reader.")]
public sealed class SourceRow(RowShape shape, object?[] values, RowPosition position) : IReadOnlyDictionary<string, object?>
{
    public RowShape Shape { get; } = shape;

    public RowPosition Position { get; } = position;

    /// <summary>The value of <paramref name="field"/>; <see langword="null"/> when the field is empty or absent.</summary>
    public object? this[string field] => Shape.TryGetIndex(field, out var i) ? values[i] : null;

    public object? this[int index] => values[index];

    public IEnumerable<string> Keys => Shape.Fields;

    public IEnumerable<object?> Values => values;

    public int Count => values.Length;

    public bool ContainsKey(string key) => Shape.TryGetIndex(key, out _);

    public bool TryGetValue(string key, out object? value)
    {
        if (Shape.TryGetIndex(key, out var i))
        {
            value = values[i];
            return true;
        }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < values.Length; i++)
            yield return new(Shape.Fields[i], values[i]);
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>The field names of the rows of one read, in order, with a case-insensitive index.</summary>
public sealed class RowShape
{
    private readonly Dictionary<string, int> _index;

    public RowShape(IReadOnlyList<string> fields)
    {
        Fields = fields;
        _index = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < fields.Count; i++)
            _index.TryAdd(fields[i], i);
    }

    public IReadOnlyList<string> Fields { get; }

    public bool TryGetIndex(string field, out int index) => _index.TryGetValue(field, out index);
}

/// <summary>
/// Where a row or a malformed record sits in its source. <see cref="Ordinal"/> counts rows from 1 in read
/// order; <see cref="Line"/> is the first line of a record in a file; <see cref="Page"/> the API page.
/// </summary>
public readonly record struct RowPosition(long Ordinal, long? Line = null, int? Page = null)
{
    public override string ToString() => (Line, Page) switch
    {
        ({ } line, _) => $"line {line}",
        (_, { } page) => $"page {page}, record {Ordinal}",
        _ => $"row {Ordinal}",
    };
}
