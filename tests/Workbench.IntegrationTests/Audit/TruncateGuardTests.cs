using Npgsql;
using Workbench.Application.Audit;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Audit;

/// <summary>TRUNCATE deletes no row, so the row triggers never see it; the store refuses it for every append-only table.</summary>
public sealed class TruncateGuardTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    [Theory]
    [InlineData("audit_event")]
    [InlineData("view_version")]
    [InlineData("view_review")]
    public async Task The_store_refuses_to_truncate_history(string table)
    {
        await new AuditLog(db.DataSource, new SystemActor()).RecordAsync(new AuditEntry("test.kept"));
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var before = await CountsAsync(connection, table);

        // CASCADE, so that a foreign key naming the table cannot be what refuses it.
        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync($"truncate \"{table}\" cascade"));

        Assert.Equal($"{table} keeps history and is never truncated", refused.MessageText);
        Assert.Equal(before, await CountsAsync(connection, table));
        Assert.True(before.Audit > 0);
    }

    private static async Task<(long Audit, long Table)> CountsAsync(NpgsqlConnection connection, string table) =>
        (await connection.ExecuteScalarAsync<long>("select count(*) from audit_event"),
         await connection.ExecuteScalarAsync<long>($"select count(*) from \"{table}\""));
}
