using Microsoft.EntityFrameworkCore;
using Npgsql;
using Workbench.Core.Mapping;
using Workbench.Core.Schema;
using Workbench.Storage.Store;

namespace Workbench.Application.Mapping;

/// <summary>
/// Reads a target schema from an existing PostgreSQL table (e.g. the destination a job will write to) in the
/// workbench's database: column names, types, and NOT NULL as required.
/// </summary>
public sealed class TargetSchemaImporter(NpgsqlDataSource dataSource)
{
    /// <param name="table"><c>schema.table</c> or <c>table</c> (schema <c>public</c>).</param>
    public async Task<IReadOnlyList<TargetField>> ImportAsync(string table, CancellationToken cancellationToken = default)
    {
        var dot = table.IndexOf('.');
        var schema = dot > 0 ? table[..dot] : "public";
        var name = dot > 0 ? table[(dot + 1)..] : table;
        await using var db = await new DataSourceContextFactory(dataSource).CreateDbContextAsync(cancellationToken);
        // information_schema describes any table, not one of the workbench's entities, so it is read as an unmapped query.
        var columns = await db.Database.SqlQuery<CatalogColumn>($"""
            select column_name as "Name", data_type as "DataType", is_nullable as "Nullable" from information_schema.columns
            where table_schema = {schema} and table_name = {name} order by ordinal_position
            """).ToListAsync(cancellationToken);
        return columns.Select(c => new TargetField(c.Name, TypeOf(c.DataType), c.Nullable == "NO")).ToList();
    }

    private sealed record CatalogColumn(string Name, string DataType, string Nullable);

    public static FieldType TypeOf(string dataType) => dataType switch
    {
        "smallint" or "integer" or "bigint" => FieldType.Integer,
        "numeric" or "real" or "double precision" or "money" => FieldType.Decimal,
        "boolean" => FieldType.Boolean,
        "date" => FieldType.Date,
        "timestamp without time zone" or "timestamp with time zone" => FieldType.Timestamp,
        "json" or "jsonb" => FieldType.Json,
        "text" or "character varying" or "character" or "uuid" => FieldType.Text,
        _ => FieldType.Unknown,
    };
}
