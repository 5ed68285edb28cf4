using System.Globalization;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace Workbench.Testing;

/// <summary>
/// The real workbench, started from its build output as a separate process on a free port against a
/// test database. Its console output is kept for the failure message.
/// </summary>
public sealed class WorkbenchProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private WorkbenchProcess(Process process, string baseUrl, string connectionString)
    {
        _process = process;
        BaseUrl = baseUrl;
        ConnectionString = connectionString;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string BaseUrl { get; }

    /// <summary>The store this instance runs on; tests create their accounts in it.</summary>
    public string ConnectionString { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Output => string.Join('\n', _output);

    /// <summary>Starts the workbench and waits until <c>/healthz</c> answers 200.</summary>
    public static async Task<WorkbenchProcess> StartAsync(
        string connectionString, IDictionary<string, string>? settings = null, TimeSpan? timeout = null)
    {
        var started = Launch(connectionString, settings, worker: false);
        try
        {
            // Generous: the machines are shared, and a start under load has taken over a minute.
            await started.WaitUntilHealthyAsync(timeout ?? TimeSpan.FromSeconds(180));
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts <c>Workbench.Web worker</c> (a Hangfire server, no web server) and waits until it says it runs jobs.</summary>
    public static async Task<WorkbenchProcess> StartWorkerAsync(
        string connectionString, IDictionary<string, string>? settings = null, TimeSpan? timeout = null)
    {
        var started = Launch(connectionString, settings, worker: true);
        try
        {
            var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(180));
            while (!started._output.Any(line => line.Contains("is running jobs", StringComparison.Ordinal)))
            {
                if (started._process.HasExited)
                {
                    await started._process.WaitForExitAsync();
                    throw new InvalidOperationException($"The worker exited with code {started._process.ExitCode} during start-up:\n{started.Output}");
                }
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"The worker did not start within the time allowed:\n{started.Output}");
                await Task.Delay(100);
            }
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    private static WorkbenchProcess Launch(string connectionString, IDictionary<string, string>? settings, bool worker)
    {
        var program = RepoPaths.BuiltProgram("Workbench.Web");
        if (!File.Exists(program))
            throw new FileNotFoundException($"The workbench is not built at {program}; build the solution first.");
        var port = FreePort.Next();
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(program)!,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        info.Environment["ConnectionStrings__Workbench"] = connectionString;
        info.Environment["Urls"] = $"http://127.0.0.1:{port}";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            info.Environment[key.Replace(":", "__")] = value;
        if (worker)
            info.ArgumentList.Add("worker");

        return new WorkbenchProcess(Process.Start(info)!, $"http://127.0.0.1:{port}", connectionString);
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                // Also waits for the last lines of its redirected output, which the message must hold.
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"The workbench exited with code {_process.ExitCode} during start-up:\n{Output}");
            }
            try
            {
                using var response = await http.GetAsync(BaseUrl + "/healthz");
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but slow to answer while starting.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"The workbench did not become healthy within {timeout.TotalSeconds:0} s:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown code runs, as when a machine loses power.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <summary>Asks for a graceful stop (SIGTERM) and waits for it.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (_process.HasExited)
            return;
        Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])?.WaitForExit();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }
}
