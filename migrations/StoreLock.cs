using Npgsql;

namespace Workbench.Migrations;

/// <summary>
/// A session advisory lock that every workbench instance takes while it migrates the store, so instances that start
/// together on one database apply each migration once. The lock belongs to the session: a broken connection releases it.
/// </summary>
public sealed class StoreLock : IAsyncDisposable
{
    /// <summary>Arbitrary but fixed, and the same as every earlier version took ("Workben").</summary>
    public const long Key = 0x57_6F_72_6B_62_65_6E;

    private readonly NpgsqlConnection _connection;

    private StoreLock(NpgsqlConnection connection) => _connection = connection;

    public static async Task<StoreLock> TakeAsync(NpgsqlConnection connection, CancellationToken cancellationToken = default)
    {
        await using var command = new NpgsqlCommand("select pg_advisory_lock($1)", connection) { Parameters = { new() { Value = Key } } };
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new StoreLock(connection);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.State != System.Data.ConnectionState.Open)
            return;
        await using var command = new NpgsqlCommand("select pg_advisory_unlock($1)", _connection) { Parameters = { new() { Value = Key } } };
        await command.ExecuteNonQueryAsync();
    }
}
