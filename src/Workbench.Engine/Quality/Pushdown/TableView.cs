using Workbench.Engine.Quality.Expressions;
using Workbench.Engine.Quality.Model;

namespace Workbench.Engine.Quality.Pushdown;

/// <summary>
/// A view whose every dataset is a table: per side the table, its key columns and, per target field it feeds,
/// the column expression. Both engines run from it: <see cref="PushdownQualityEngine"/> as one SQL statement
/// when all tables are in one PostgreSQL database, the streaming engine from each table read through the PostgresConnector.
/// </summary>
public sealed record TableView(IReadOnlyList<TableSide> Sides, IReadOnlyList<TargetField> Fields, IReadOnlyList<QualityRule> Rules, QualityOptions Options)
{
    public QualityDefinition ToDefinition()
    {
        foreach (var side in Sides)
            side.Validate();
        var definition = new QualityDefinition(
            Sides.Select(s => new QualitySide(s.Name, s.Fields.Select(f => f.Target).ToList())).ToList(), Fields, Rules, Options);
        definition.Validate();
        foreach (var rule in Rules)
            rule.Validate();
        return definition;
    }
}

public sealed record TableSide(string Name, string Schema, string Table, IReadOnlyList<string> KeyColumns, IReadOnlyList<FieldMapping> Fields)
{
    public void Validate()
    {
        if (KeyColumns.Count == 0 || KeyColumns.Any(string.IsNullOrWhiteSpace))
            throw new ArgumentException($"Source '{Name}' needs at least one key column.");
        foreach (var field in Fields)
            field.Expression.Validate();
        if (Fields.Select(f => f.Target).Distinct().Count() != Fields.Count)
            throw new ArgumentException($"Source '{Name}' feeds a target field twice.");
    }
}

public sealed record FieldMapping(string Target, ColumnExpression Expression);
