using System.Diagnostics;

namespace Workbench.Testing;

/// <summary>
/// One MongoDB wire-protocol emulator (CongoDB, tests/mongo-emulator, installed by scripts/test.sh) for the
/// whole test run, on a free loopback port, stopped at the end. No real MongoDB server can be installed
/// here; the connector uses only the driver's public API, so a real server needs nothing else.
/// A run that cannot start it fails with the reason (never skips).
/// </summary>
public static class TestMongo
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static Process? _server;
    private static int _port;

    public static string Host => "127.0.0.1";

    /// <summary>The emulator's port, starting it on first use.</summary>
    public static async Task<int> PortAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_server is null)
                (_server, _port) = await StartAsync();
            return _port;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A connection string for a database only the caller uses.</summary>
    public static async Task<string> ConnectionStringAsync() => $"mongodb://{Host}:{await PortAsync()}";

    private static async Task<(Process Server, int Port)> StartAsync()
    {
        var folder = Path.Combine(RepoPaths.Root, "tests", "mongo-emulator");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "@push.rocks", "smartmongo")))
            throw new InvalidOperationException($"The MongoDB emulator is not installed in {folder}: run scripts/test.sh once (it installs it).");
        var port = FreePort.Next();
        var info = new ProcessStartInfo("node", ["server.mjs", port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var server = Process.Start(info) ?? throw new InvalidOperationException("node could not be started for the MongoDB emulator.");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(server);
        var errors = server.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (await server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
                if (line == $"ready {port}")
                {
                    // Drained so a chatty emulator never blocks on a full pipe.
                    _ = server.StandardOutput.ReadToEndAsync();
                    return (server, port);
                }
        }
        catch (OperationCanceledException)
        {
            Stop(server);
            throw new InvalidOperationException("The MongoDB emulator did not say it was ready within 60 s.");
        }
        throw new InvalidOperationException($"The MongoDB emulator stopped before it was ready: {await errors}");
    }

    private static void Stop(Process server)
    {
        try
        {
            // Closing its standard input stops it cleanly; the kill is for an emulator that hangs.
            server.StandardInput.Close();
            if (!server.WaitForExit(TimeSpan.FromSeconds(5)))
                server.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
