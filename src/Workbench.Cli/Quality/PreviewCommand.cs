using System.CommandLine;
using Workbench.Engine.Quality.Spec;

namespace Workbench.Cli.Quality;

/// <summary>
/// <c>workbench preview --spec FILE.json</c>: runs the quality preview the file describes and prints the report
/// as JSON on stdout; on error a one-line message on stderr and exit code 1 (2 for a bad spec).
/// </summary>
internal static class PreviewCommand
{
    public static Command Create()
    {
        var spec = new Option<FileInfo>("--spec") { Description = "A preview spec (JSON; see the README, \"Quality preview\")." };
        var view = new Option<string>("--view") { Description = "The name of a saved view (not available yet: use --spec)." };
        var issues = new Option<int?>("--issues") { Description = "How many issue rows to print (default: the spec's issueSampleLimit, else 1000)." };
        var command = new Command("preview", "Outer-join quality preview of a view across its sources.") { spec, view, issues };
        command.SetAction(async (result, cancellationToken) =>
        {
            var file = result.GetValue(spec);
            if (result.GetValue(view) is { } name)
                return Fail(2, $"--view {name}: previews of saved views are not available from the command line yet; describe the view with --spec.");
            if (file is null)
                return Fail(2, "Give --spec FILE.json.");
            if (!file.Exists)
                return Fail(2, $"{file.FullName} does not exist.");
            try
            {
                var parsed = PreviewSpec.Parse(await File.ReadAllTextAsync(file.FullName, cancellationToken));
                if (result.GetValue(issues) is { } limit)
                    parsed = parsed with { Options = (parsed.Options ?? new()) with { IssueSampleLimit = limit } };
                var report = await PreviewSpecRunner.RunAsync(parsed, file.DirectoryName!, progress: null, cancellationToken);
                await Console.Out.WriteLineAsync(report.ToJson());
                return 0;
            }
            catch (ArgumentException ex)
            {
                return Fail(2, ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return Fail(1, ex.Message);
            }
        });
        return command;
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine("workbench preview: " + message);
        return code;
    }
}
