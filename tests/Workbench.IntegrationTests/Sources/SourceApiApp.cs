using System.Globalization;
using Npgsql;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Sources;

/// <summary>
/// The real workbench without its demo, reading file sources from a folder of the test's own, on a database the tests
/// also use as a PostgreSQL source (through its own connection settings), with its job workers polling quickly.
/// </summary>
public sealed class SourceApiApp : IAsyncLifetime
{
    public string FilesFolder { get; } = Directory.CreateTempSubdirectory("workbench-source-api-").FullName;

    public string ConnectionString { get; private set; } = "";

    public WorkbenchProcess App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync("sourceapi");
        App = await WorkbenchProcess.StartAsync(ConnectionString, new Dictionary<string, string>
        {
            ["Demo:SeedWhenEmpty"] = "false",
            ["Sources:FilesFolder"] = FilesFolder,
            ["Jobs:PollIntervalMs"] = "200",
        });
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Directory.Delete(FilesFolder, recursive: true);
    }

    /// <summary>The settings of a PostgreSQL source on the test database, showing the tables of <paramref name="schema"/>.</summary>
    public Dictionary<string, string?> PostgresSettings(string schema)
    {
        var target = new NpgsqlConnectionStringBuilder(ConnectionString);
        return new()
        {
            ["host"] = target.Host, ["port"] = target.Port.ToString(CultureInfo.InvariantCulture), ["database"] = target.Database,
            ["user"] = target.Username, ["sslMode"] = "Disable", ["schemas"] = schema,
        };
    }

    /// <summary>The test database's password, the secret of a PostgreSQL source on it.</summary>
    public string Password => new NpgsqlConnectionStringBuilder(ConnectionString).Password ?? "";

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync(sql);
    }
}
