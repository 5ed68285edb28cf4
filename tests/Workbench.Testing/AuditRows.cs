using Workbench.Testing;
using Npgsql;

namespace Workbench.Testing;

/// <summary>What the audit trail holds, for tests that assert exactly which rows an action left.</summary>
public static class AuditRows
{
    public sealed record Row(string Actor, string Action, string? EntityId, string Outcome, string? ClientAddress);

    /// <summary>Rows of one actor, oldest first.</summary>
    public static async Task<IReadOnlyList<Row>> OfActorAsync(string connectionString, string actor)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return (await connection.QueryAsync<Row>(
            "select actor as Actor, action as Action, entity_id as EntityId, outcome as Outcome, client_address as ClientAddress from audit_event where actor = @actor order by id",
            new { actor })).ToList();
    }
}
