using Workbench.Core.Mapping.Transforms;
using Workbench.Core.Sources;
using Workbench.Engine.Quality.Model;

namespace Workbench.Engine.Quality.Spec;

/// <summary>
/// How the rows a connector reads for one <see cref="SpecSide"/> become harmonised rows: its key columns as read, and
/// each field through its <see cref="Expressions.ColumnExpression"/>, as <see cref="Views.ViewSideMapping"/> does for a
/// stored view's dataset. With <paramref name="valuesAsText"/> (CSV files and JSON APIs) every value is first read as
/// text, an empty one as null, so a number or a boolean an API types harmonises (and keys compare) exactly as the same
/// value written in a CSV file; a table's values keep their column types.
/// </summary>
public sealed class SpecSideMapping(SpecSide side, bool valuesAsText)
{
    private RowShape? _shape;
    private int[] _keyAt = [];
    private int[] _fieldAt = [];

    public SpecSide Side { get; } = side;

    /// <summary>The columns to read: the key, then the fields' columns, once each.</summary>
    public IReadOnlyList<string> Columns { get; } =
        side.Key.Concat(side.Fields.Select(f => f.Expression.Column)).Distinct(StringComparer.Ordinal).ToList();

    public HarmonisedRow Harmonise(SourceRow row)
    {
        // Every row of a read shares its shape: look the columns up once per shape, not once per value.
        if (!ReferenceEquals(row.Shape, _shape))
        {
            _shape = row.Shape;
            _keyAt = Side.Key.Select(At).ToArray();
            _fieldAt = Side.Fields.Select(f => At(f.Expression.Column)).ToArray();
        }
        var key = new object?[_keyAt.Length];
        for (var i = 0; i < key.Length; i++)
            key[i] = Value(row, _keyAt[i]);
        return HarmonisedRow.Of(key, Side.Fields, i => Value(row, _fieldAt[i]), row.Position.Ordinal);
    }

    private int At(string column) => _shape!.TryGetIndex(column, out var index) ? index : -1;

    private object? Value(SourceRow row, int index)
    {
        if (index < 0)
            return null;
        var value = row[index];
        if (!valuesAsText)
            return value;
        return ValueText.Of(value) is { Length: > 0 } text ? text : null;
    }
}
