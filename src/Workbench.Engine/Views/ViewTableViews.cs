using Workbench.Core.Mapping;
using Workbench.Core.Mapping.Transforms;
using Workbench.Core.Schema;
using Workbench.Engine.Quality.Expressions;
using Workbench.Engine.Quality.Pushdown;

namespace Workbench.Engine.Views;

/// <summary>Where a dataset of a view is in its PostgreSQL database, with its fields as discovered.</summary>
public sealed record ViewTable(string Schema, string Table, IReadOnlyList<FieldSchema> Fields);

/// <summary>A view as the pushdown engine reads it, or why it cannot be (the preview then streams).</summary>
public sealed record ViewTableViewResult(TableView? View, string? Reason);

/// <summary>
/// Turns a view whose datasets are tables of one database into a <see cref="TableView"/>, but only when every
/// mapping has an SQL twin giving the values and failures its transforms give row by row: a column of a type
/// read the same way in both (text, integers, numeric, date) with no transform, trim, upper/lower case, parse date
/// with <c>yyyy</c>/<c>MM</c>/<c>dd</c> formats, or a cast/parse number that only restates the column's type.
/// Anything else (value maps, concatenation, regular expressions, defaults, culture-specific numbers, two fields of
/// one dataset feeding a field in precedence) has no twin, and the reason names it.
/// </summary>
public static class ViewTableViews
{
    private static readonly IReadOnlyList<string> IsoDate = ["yyyy-MM-dd"];

    /// <summary>Column types whose text in SQL (<c>column::text</c>) is what the row reader gives, by native type name.</summary>
    private static readonly Dictionary<string, FieldType> SameInBoth = new Dictionary<string, FieldType>(StringComparer.Ordinal)
    {
        ["text"] = FieldType.Text, ["varchar"] = FieldType.Text, ["citext"] = FieldType.Text, ["uuid"] = FieldType.Text, ["name"] = FieldType.Text,
        ["int2"] = FieldType.Integer, ["int4"] = FieldType.Integer, ["int8"] = FieldType.Integer,
        ["numeric"] = FieldType.Decimal,
        ["date"] = FieldType.Date,
    };

    /// <param name="tables">Per dataset of the view (by qualified name), its table.</param>
    public static ViewTableViewResult Build(ViewSpec spec, ViewRunInputs inputs, IReadOnlyDictionary<string, ViewTable> tables)
    {
        var sides = new List<TableSide>();
        foreach (var dataset in inputs.Datasets)
        {
            var table = tables[dataset.Name];
            var fields = new List<FieldMapping>();
            foreach (var target in dataset.TargetFields)
            {
                var sources = spec.MappingFor(target)!.Sources.Where(s => s.Field.Dataset == dataset.Name).ToList();
                if (sources.Count > 1)
                    return Streams($"'{target}' takes {sources.Count} fields of '{dataset.Name}' in precedence, which the SQL form does not express");
                var source = sources[0];
                var column = table.Fields.FirstOrDefault(f => f.Name == source.Field.Field);
                if (column is null || !SameInBoth.TryGetValue(column.NativeType ?? "", out var type))
                    return Streams($"'{source.Field}' is of type {column?.NativeType ?? "unknown"}, which SQL reads differently from the row reader");
                if (Expression(column.Name, type, source.Transforms) is not { } expression)
                    return Streams($"the mapping of '{source.Field}' to '{target}' ({Describe(source.Transforms)}) has no SQL form");
                fields.Add(new FieldMapping(target, expression));
            }
            sides.Add(new TableSide(dataset.Name, table.Schema, table.Table, dataset.KeyFields, fields));
        }
        var definition = inputs.Definition;
        return new ViewTableViewResult(new TableView(sides, definition.Fields, definition.Rules, definition.Options), null);
    }

    private static ViewTableViewResult Streams(string reason) => new(null, reason);

    private static string Describe(IReadOnlyList<Transform> transforms) =>
        transforms.Count == 0 ? "no transform" : string.Join(", then ", transforms.Select(t => t.Describe()));

    /// <summary>The SQL twin of a column of <paramref name="type"/> through <paramref name="transforms"/>, or null.</summary>
    private static ColumnExpression? Expression(string column, FieldType type, IReadOnlyList<Transform> transforms)
    {
        // Trim passes non-text values unchanged, and parse date trims the text itself.
        var steps = transforms.Where((t, i) => t is not Trim || (type == FieldType.Text && (i + 1 == transforms.Count || transforms[i + 1] is not ParseDate))).ToList();
        if (steps.Count == 0)
            return type == FieldType.Text ? new ColumnExpression(column) : Typed(column, type);
        if (steps.Count > 1)
            return null;
        return (steps[0], type) switch
        {
            (Trim, FieldType.Text) => new ColumnExpression(column, ExpressionKind.Trim),
            (ChangeCase c, FieldType.Text) => new ColumnExpression(column, c.Case == LetterCase.Upper ? ExpressionKind.Upper : ExpressionKind.Lower),
            (Cast { To: FieldType.Text }, FieldType.Text) => new ColumnExpression(column),
            (ParseDate { WithTime: false } p, FieldType.Text) when p.Formats.Count > 0 && p.Formats.All(Supported) =>
                new ColumnExpression(column, ExpressionKind.Date, p.Formats, $"{p.Describe()}: the value matches none of {string.Join(", ", p.Formats)}"),
            // A cast or parse that only restates the column's own type.
            (Cast { To: FieldType.Integer }, FieldType.Integer) => Typed(column, type),
            (Cast { To: FieldType.Decimal } or ParseNumber, FieldType.Integer or FieldType.Decimal) => Typed(column, FieldType.Decimal),
            (Cast { To: FieldType.Date } or ParseDate { WithTime: false }, FieldType.Date) => Typed(column, type),
            _ => null,
        };
    }

    private static ColumnExpression? Typed(string column, FieldType type) => type switch
    {
        FieldType.Integer => new ColumnExpression(column, ExpressionKind.Integer),
        FieldType.Decimal => new ColumnExpression(column, ExpressionKind.Number),
        FieldType.Date => new ColumnExpression(column, ExpressionKind.Date, IsoDate),
        _ => null,
    };

    private static bool Supported(string format)
    {
        try
        {
            DateFormats.Get(format);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
