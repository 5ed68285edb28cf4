using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Workbench.Storage.Embedded;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Storage;

public sealed class EmbeddedClusterTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "wb-embedded-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task A_stopped_cluster_starts_again_with_its_data_and_its_password()
    {
        var options = new PostgresClusterOptions { Directory = _folder, Port = FreePort.Next(), Database = "workbench" };

        var first = new PostgresCluster(options, NullLogger.Instance);
        var connectionString = await first.StartAsync();
        await Execute(connectionString, "create table kept (note text); insert into kept values ('still here')");
        await first.StopAsync();
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => Execute(connectionString, "select 1"));

        await using var second = new PostgresCluster(options, NullLogger.Instance);
        var again = await second.StartAsync();
        Assert.Equal(connectionString, again);
        Assert.Equal("still here", await Scalar(again, "select note from kept"));
    }

    [Fact]
    public async Task The_superuser_needs_the_generated_password()
    {
        var options = new PostgresClusterOptions { Directory = _folder, Port = FreePort.Next(), Database = "workbench" };
        await using var cluster = new PostgresCluster(options, NullLogger.Instance);
        var connectionString = await cluster.StartAsync();

        var wrong = new NpgsqlConnectionStringBuilder(connectionString) { Password = "postgres" }.ConnectionString;
        var error = await Assert.ThrowsAsync<PostgresException>(() => Execute(wrong, "select 1"));
        Assert.Equal("28P01", error.SqlState); // invalid_password
    }

    private static async Task Execute(string connectionString, string sql)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }
}
