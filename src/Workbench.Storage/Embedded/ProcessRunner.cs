using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Workbench.Storage.Embedded;

/// <summary>Runs a program to completion and keeps what it printed, for error messages.</summary>
internal static class ProcessRunner
{
    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEffectiveUserId();

    public static bool IsRoot => OperatingSystem.IsLinux() && GetEffectiveUserId() == 0;

    public sealed record Result(int ExitCode, string Output);

    /// <summary>Runs <paramref name="program"/>, as <paramref name="runAsUser"/> through runuser when given.</summary>
    public static async Task<Result> RunAsync(string program, IEnumerable<string> arguments, string? runAsUser, TimeSpan timeout)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (runAsUser is null)
        {
            info.FileName = program;
        }
        else
        {
            info.FileName = "runuser";
            info.ArgumentList.Add("-u");
            info.ArgumentList.Add(runAsUser);
            info.ArgumentList.Add("--");
            info.ArgumentList.Add(program);
        }
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        // The server inherits nothing that would make it log in a language the workbench cannot read back.
        info.Environment["LC_ALL"] = "C.UTF-8";

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish within {timeout.TotalSeconds:0} s.");
        }
        return new Result(process.ExitCode, ((await stdout) + (await stderr)).Trim());
    }
}
