using System.Text.Json;
using Dapper;
using Npgsql;

namespace Workbench.Storage.Audit;

/// <summary>Appends to the audit trail. Rows are only ever inserted; the table refuses updates and deletes.</summary>
public sealed class AuditLog(NpgsqlDataSource dataSource, IActorContext actor)
{
    private const string Insert = """
        insert into audit_event (actor, action, entity_kind, entity_id, entity_version, outcome, client_address, details)
        values (@Actor, @Action, @EntityKind, @EntityId, @EntityVersion, @Outcome, @ClientAddress, @Details::jsonb)
        """;

    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Insert, Parameters(entry), cancellationToken: cancellationToken));
    }

    /// <summary>Records inside the caller's transaction, so the audit row exists exactly when the change does.</summary>
    public async Task RecordAsync(NpgsqlTransaction transaction, AuditEntry entry, CancellationToken cancellationToken = default) =>
        await transaction.Connection!.ExecuteAsync(new CommandDefinition(Insert, Parameters(entry), transaction, cancellationToken: cancellationToken));

    private object Parameters(AuditEntry entry) => new
    {
        actor.Actor,
        entry.Action,
        entry.EntityKind,
        entry.EntityId,
        entry.EntityVersion,
        entry.Outcome,
        actor.ClientAddress,
        Details = entry.Details is null ? null : JsonSerializer.Serialize(entry.Details, JsonOptions),
    };

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
