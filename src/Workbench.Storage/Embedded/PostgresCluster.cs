using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Workbench.Storage.Embedded;

/// <summary>
/// A private PostgreSQL cluster in a folder of its own: created on first start, reused after, listening on
/// loopback only, with a generated superuser password kept beside it (never a default one).
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private const string Superuser = "workbench";
    private readonly PostgresClusterOptions _options;
    private readonly ILogger _logger;
    private readonly string _root;
    private readonly string _bin;
    private readonly string? _runAs;
    private bool _startedHere;

    public PostgresCluster(PostgresClusterOptions options, ILogger logger)
    {
        _options = options;
        _logger = logger;
        _root = Path.GetFullPath(options.Directory);
        _bin = PostgresBinaries.Locate(options.BinDirectory);
        _runAs = ProcessRunner.IsRoot ? options.RootRunsAs : null;
    }

    public string DataDirectory => Path.Combine(_root, "data");
    private string PasswordFile => Path.Combine(_root, "superuser.password");
    private string LogFile => Path.Combine(_root, "server.log");
    private string SocketDirectory => Path.Combine(_root, "socket");

    /// <summary>The connection string of the workbench database, valid once <see cref="StartAsync"/> returned.</summary>
    public string ConnectionString { get; private set; } = "";

    public async Task<string> StartAsync(CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(_root);
        if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
            await InitialiseAsync();

        var password = (await File.ReadAllTextAsync(PasswordFile, cancellationToken)).Trim();
        var adminConnection = Build(password, "postgres");
        if (await IsRunningAsync())
        {
            _logger.LogInformation("Reusing the PostgreSQL cluster already running in {DataDirectory}", DataDirectory);
        }
        else
        {
            Directory.CreateDirectory(SocketDirectory);
            await GiveToClusterUserAsync(SocketDirectory);
            var result = await PgCtlAsync(
                ["-D", DataDirectory, "-l", LogFile, "-w", "-t", _options.StartTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
                 "-o", $"-p {_options.Port} -c listen_addresses=127.0.0.1 -k \"{SocketDirectory}\"", "start"],
                TimeSpan.FromSeconds(_options.StartTimeoutSeconds + 10));
            if (result.ExitCode != 0)
                throw new InvalidOperationException(
                    $"The embedded PostgreSQL server did not start (port {_options.Port}). {result.Output}\n{TailOfLog()}");
            _startedHere = true;
            _logger.LogInformation("Started the embedded PostgreSQL cluster on 127.0.0.1:{Port} ({DataDirectory})", _options.Port, DataDirectory);
        }

        await EnsureDatabaseAsync(adminConnection, _options.Database, cancellationToken);
        ConnectionString = Build(password, _options.Database);
        return ConnectionString;
    }

    /// <summary>A connection string for another database of this cluster (tests make one per class).</summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

    public async Task CreateDatabaseAsync(string database, CancellationToken cancellationToken = default) =>
        await EnsureDatabaseAsync(ConnectionStringFor("postgres"), database, cancellationToken);

    /// <summary>Stops the server if this object started it; a cluster found running is left running.</summary>
    public async Task StopAsync()
    {
        if (!_startedHere)
            return;
        _startedHere = false;
        NpgsqlConnection.ClearAllPools();
        var result = await PgCtlAsync(["-D", DataDirectory, "-m", "fast", "-w", "-t", "30", "stop"], TimeSpan.FromSeconds(40));
        if (result.ExitCode == 0)
            _logger.LogInformation("Stopped the embedded PostgreSQL cluster");
        else
            _logger.LogWarning("Stopping the embedded PostgreSQL cluster reported: {Output}", result.Output);
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task InitialiseAsync()
    {
        _logger.LogInformation("Creating a PostgreSQL cluster in {DataDirectory} (first run)", DataDirectory);
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await File.WriteAllTextAsync(PasswordFile, password);
        RestrictToOwner(PasswordFile);

        // initdb reads the password from a file the cluster user can read; it is removed straight after.
        var handover = Path.Combine(_root, ".initdb-password");
        await File.WriteAllTextAsync(handover, password);
        RestrictToOwner(handover);
        Directory.CreateDirectory(DataDirectory);
        await GiveToClusterUserAsync(_root, handover, DataDirectory);
        try
        {
            var result = await ProcessRunner.RunAsync(Path.Combine(_bin, "initdb"),
                ["-D", DataDirectory, "-U", Superuser, "--pwfile", handover, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"],
                _runAs, TimeSpan.FromMinutes(2));
            if (result.ExitCode != 0)
                throw new InvalidOperationException(
                    $"initdb could not create the cluster in {DataDirectory}: {result.Output}" +
                    (_runAs is null ? "" : $"\nThe folder and every folder above it must be reachable by the '{_runAs}' user; set Store:Embedded:Directory elsewhere if not."));
        }
        finally
        {
            File.Delete(handover);
        }
    }

    private static void RestrictToOwner(string path)
    {
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private async Task<bool> IsRunningAsync()
    {
        var result = await PgCtlAsync(["-D", DataDirectory, "status"], TimeSpan.FromSeconds(10));
        return result.ExitCode == 0;
    }

    private Task<ProcessRunner.Result> PgCtlAsync(IEnumerable<string> arguments, TimeSpan timeout) =>
        ProcessRunner.RunAsync(Path.Combine(_bin, "pg_ctl"), arguments, _runAs, timeout);

    private async Task GiveToClusterUserAsync(params string[] paths)
    {
        if (_runAs is null)
            return;
        foreach (var path in paths)
        {
            var result = await ProcessRunner.RunAsync("chown", [_runAs, path], null, TimeSpan.FromSeconds(10));
            if (result.ExitCode != 0)
                throw new InvalidOperationException($"Could not give {path} to the '{_runAs}' user: {result.Output}");
        }
    }

    private string Build(string password, string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _options.Port,
        Username = Superuser,
        Password = password,
        Database = database,
    }.ConnectionString;

    private static async Task EnsureDatabaseAsync(string adminConnectionString, string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            return;
        var quoted = "\"" + database.Replace("\"", "\"\"") + "\"";
        await using var create = new NpgsqlCommand($"create database {quoted}", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    private string TailOfLog()
    {
        try
        {
            return File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(15)) : "";
        }
        catch (IOException)
        {
            return "";
        }
    }
}
