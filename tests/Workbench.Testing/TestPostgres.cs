using Microsoft.Extensions.Logging.Abstractions;
using Workbench.Storage.Embedded;

namespace Workbench.Testing;

/// <summary>
/// One throwaway PostgreSQL cluster for the whole test run, on a free loopback port, in a temporary
/// folder that is removed at the end (also when tests fail). Each test class takes a fresh database.
/// </summary>
public static class TestPostgres
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresCluster? _cluster;
    private static string? _directory;

    public static async Task<PostgresCluster> ClusterAsync()
    {
        if (_cluster is not null)
            return _cluster;
        await Gate.WaitAsync();
        try
        {
            if (_cluster is not null)
                return _cluster;
            // Under /tmp (or the test script's own run folder), reachable by the postgres user when the tests run as root.
            var parent = Environment.GetEnvironmentVariable("WORKBENCH_TEST_TMP") is { Length: > 0 } runFolder ? runFolder : Path.GetTempPath();
            _directory = Path.Combine(parent, "workbench-tests-" + Guid.NewGuid().ToString("N")[..10]);
            var cluster = new PostgresCluster(
                new PostgresClusterOptions { Directory = _directory, Port = FreePort.Next(), Database = "postgres" },
                NullLogger.Instance);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => TearDown();
            await cluster.StartAsync();
            _cluster = cluster;
            return cluster;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A new, empty database in the shared cluster; its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string hint)
    {
        var cluster = await ClusterAsync();
        var safe = new string(hint.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(30).ToArray());
        var name = $"t_{safe}_{Guid.NewGuid().ToString("N")[..12]}";
        await cluster.CreateDatabaseAsync(name);
        return cluster.ConnectionStringFor(name);
    }

    private static void TearDown()
    {
        try
        {
            _cluster?.StopAsync().GetAwaiter().GetResult();
        }
        finally
        {
            if (_directory is not null && Directory.Exists(_directory))
                Directory.Delete(_directory, recursive: true);
        }
    }
}
