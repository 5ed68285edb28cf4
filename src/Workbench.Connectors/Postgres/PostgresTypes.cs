using Workbench.Core.Schema;

namespace Workbench.Connectors.Postgres;

internal static class PostgresTypes
{
    public static FieldType Map(string dataType) => dataType.ToLowerInvariant() switch
    {
        "smallint" or "integer" or "bigint" or "int2" or "int4" or "int8" => FieldType.Integer,
        "numeric" or "real" or "double precision" or "money" or "float4" or "float8" => FieldType.Decimal,
        "boolean" or "bool" => FieldType.Boolean,
        "date" => FieldType.Date,
        var t when t.StartsWith("timestamp", StringComparison.Ordinal) => FieldType.Timestamp,
        "json" or "jsonb" => FieldType.Json,
        "text" or "character varying" or "character" or "varchar" or "bpchar" or "uuid" or "citext" or "name" => FieldType.Text,
        _ => FieldType.Unknown,
    };
}
