using Npgsql;
using Workbench.Application.Audit;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Audit;

public sealed class AuditLogTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    [Fact]
    public async Task Records_who_did_what_to_which_entity()
    {
        var log = new AuditLog(db.DataSource, new SystemActor("alice"));

        await log.RecordAsync(new AuditEntry("source.create", "source", "legacy-7", 1, Details: new { kind = "postgres" }));

        await using var connection = await db.DataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<(string Actor, string Action, string EntityId, int EntityVersion, string Outcome, string Details)>(
            "select actor, action, entity_id, entity_version, outcome, details::text from audit_event where entity_id = 'legacy-7'");
        Assert.Equal(("alice", "source.create", "legacy-7", 1, "ok"), (row.Actor, row.Action, row.EntityId, row.EntityVersion, row.Outcome));
        Assert.Contains("\"kind\": \"postgres\"", row.Details);
    }

    [Fact]
    public async Task The_store_refuses_to_change_or_delete_history()
    {
        await new AuditLog(db.DataSource, new SystemActor()).RecordAsync(new AuditEntry("test.write"));
        await using var connection = await db.DataSource.OpenConnectionAsync();

        var update = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("update audit_event set actor = 'mallory'"));
        var delete = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("delete from audit_event"));

        Assert.Contains("append-only", update.MessageText);
        Assert.Contains("append-only", delete.MessageText);
    }

    [Fact]
    public async Task An_entry_inside_a_rolled_back_transaction_leaves_no_row()
    {
        var log = new AuditLog(db.DataSource, new SystemActor());
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await log.RecordAsync(transaction, new AuditEntry("test.rolled-back"));
            await transaction.RollbackAsync();
        }

        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*) from audit_event where action = 'test.rolled-back'"));
    }
}
