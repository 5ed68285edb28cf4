using System.Text.Json;
using Workbench.Core.Mapping;
using Workbench.Core.Mapping.Transforms;
using Workbench.Core.Schema;

namespace Workbench.Application.Materialize;

/// <summary>
/// A column of a materialized table: a target field with the PostgreSQL type its <see cref="FieldType"/> stands for,
/// and the conversion of merged values into what that type takes.
/// </summary>
public sealed record DestinationColumn(string Name, FieldType Type)
{
    /// <summary>The type a created table gets. Timestamps are stored with their zone: values without one are read as UTC.</summary>
    public string SqlType => Type switch
    {
        FieldType.Integer => "bigint",
        FieldType.Decimal => "numeric",
        FieldType.Boolean => "boolean",
        FieldType.Date => "date",
        FieldType.Timestamp => "timestamp with time zone",
        FieldType.Json => "jsonb",
        _ => "text",
    };

    /// <summary>The <c>pg_type.typname</c>s an existing column may have to take this column's values.</summary>
    public IReadOnlyList<string> AcceptedTypeNames => Type switch
    {
        FieldType.Integer => ["int8"],
        FieldType.Decimal => ["numeric"],
        FieldType.Boolean => ["bool"],
        FieldType.Date => ["date"],
        FieldType.Timestamp => ["timestamptz"],
        FieldType.Json => ["jsonb", "json"],
        _ => ["text", "varchar"],
    };

    public static IReadOnlyList<DestinationColumn> Of(ViewSpec spec) => spec.Target.Select(t => new DestinationColumn(t.Name, t.Type)).ToList();

    /// <summary>
    /// The value as this column's type takes it, with the same invariant rules as the Cast transform; a value that
    /// does not convert fails with a reason a steward can act on (the mapping needs a transform).
    /// </summary>
    public object? Convert(object? value)
    {
        if (value is null or DBNull)
            return null;
        if (Type == FieldType.Json)
            return value switch
            {
                string text => text,
                JsonElement element => element.GetRawText(),
                _ => JsonSerializer.Serialize(value),
            };
        if (AlreadyTyped(value))
            return value;
        var cast = new Cast(Type is FieldType.Unknown ? FieldType.Text : Type).Apply(value, TransformContext.None);
        if (cast.Failed)
            throw new ValueConversionException($"The value of {Name} cannot be written as {Type}: {cast.Failure}.");
        return cast.Value is DateTime time ? AsUtc(time) : cast.Value;
    }

    /// <summary>A value that already is what the column takes, which the cast would give back unchanged (the usual case, so it is asked first).</summary>
    private bool AlreadyTyped(object value) => (Type, value) switch
    {
        (FieldType.Text or FieldType.Unknown, string) => true,
        (FieldType.Integer, long) or (FieldType.Decimal, decimal) or (FieldType.Boolean, bool) or (FieldType.Date, DateOnly) => true,
        _ => false,
    };

    private static DateTime AsUtc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };
}

/// <summary>A merged value the destination column's type cannot take.</summary>
public sealed class ValueConversionException(string message) : Exception(message);
