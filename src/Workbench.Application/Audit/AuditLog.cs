using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Workbench.Storage.Store;
using Workbench.Application.Audit;
using Workbench.Storage.Audit;

namespace Workbench.Application.Audit;

/// <summary>
/// Appends to the audit trail. Rows are only ever inserted; the table refuses updates and deletes. The container passes
/// its context factory; code that builds a log by hand passes the data source alone.
/// </summary>
public sealed class AuditLog(NpgsqlDataSource dataSource, IActorContext actor, IDbContextFactory<WorkbenchDbContext>? contexts = null)
{
    private readonly IDbContextFactory<WorkbenchDbContext> contexts = contexts ?? new DataSourceContextFactory(dataSource);

    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await RecordAsync(db, entry, cancellationToken);
    }

    /// <summary>
    /// Records through the caller's context, inside the transaction it began, so the audit row exists exactly when the
    /// change does. Saves the context's other pending changes with it. A caller whose failure abandons the whole
    /// transaction turns the context's auto-savepoints off, which spares two round trips per save.
    /// </summary>
    public async Task RecordAsync(WorkbenchDbContext db, AuditEntry entry, CancellationToken cancellationToken = default)
    {
        db.AuditEvents.Add(Row(entry));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Records inside the caller's transaction, so the audit row exists exactly when the change does.</summary>
    public async Task RecordAsync(NpgsqlTransaction transaction, AuditEntry entry, CancellationToken cancellationToken = default)
    {
        // Raw Npgsql: the caller's work runs on its own NpgsqlTransaction, so the row must go through that connection.
        var row = Row(entry);
        await using var command = new NpgsqlCommand("""
            insert into audit_event (actor, action, entity_kind, entity_id, entity_version, outcome, client_address, details)
            values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
            """, transaction.Connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.Actor });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.Action });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)row.EntityKind ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)row.EntityId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)row.EntityVersion ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = row.Outcome });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)row.ClientAddress ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)row.Details ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private AuditEventEntity Row(AuditEntry entry) => new()
    {
        Actor = actor.Actor,
        Action = entry.Action,
        EntityKind = entry.EntityKind,
        EntityId = entry.EntityId,
        EntityVersion = entry.EntityVersion,
        Outcome = entry.Outcome,
        ClientAddress = actor.ClientAddress,
        Details = entry.Details is null ? null : JsonSerializer.Serialize(entry.Details, JsonOptions),
    };

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
