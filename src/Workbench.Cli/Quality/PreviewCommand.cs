using System.CommandLine;
using Workbench.Engine.Quality.Spec;

namespace Workbench.Cli.Quality;

/// <summary>
/// <c>workbench preview --spec FILE.json</c> or <c>--view NAME|ID [--version N]</c>: runs the quality preview the
/// file describes, or of a view saved in the store, and prints the report as JSON on stdout; on error a one-line
/// message on stderr and exit code 1 (2 for a bad spec or arguments).
/// </summary>
internal static class PreviewCommand
{
    public static Command Create()
    {
        var spec = new Option<FileInfo>("--spec") { Description = "A preview spec (JSON; see docs/quality.md, \"From the command line\")." };
        var view = new Option<string>("--view") { Description = "The name or id of a view saved in the workbench's store." };
        var version = new Option<int?>("--version") { Description = "With --view: the version to preview (default: the newest)." };
        var fresh = new Option<bool>("--fresh") { Description = "With --view: read the sources even when a stored run could be served." };
        var store = new Option<string?>("--store")
        {
            Description = "With --view: the store's connection string (default: the ConnectionStrings__Workbench environment variable).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ConnectionStrings__Workbench"),
        };
        var files = new Option<string>("--files")
        {
            Description = "With --view: the folder file sources may read (default: .workbench/files, as the web app).",
            DefaultValueFactory = _ => ".workbench/files",
        };
        var uploads = new Option<string>("--uploads")
        {
            Description = "With --view: the folder of uploaded files (default: .workbench/uploads, as the web app).",
            DefaultValueFactory = _ => ".workbench/uploads",
        };
        var masterKey = new Option<string>("--master-key")
        {
            Description = "With --view: the web app's master key file, which unlocks the sources' secrets (default: .workbench/master.key; WORKBENCH_MASTER_KEY wins).",
            DefaultValueFactory = _ => ".workbench/master.key",
        };
        var issues = new Option<int?>("--issues") { Description = "How many issue rows to print (default: the spec's issueSampleLimit, else 1000)." };
        var command = new Command("preview", "Outer-join quality preview of a view across its sources.") { spec, view, version, fresh, store, files, uploads, masterKey, issues };
        command.SetAction(async (result, cancellationToken) =>
        {
            var file = result.GetValue(spec);
            if (result.GetValue(view) is { } name)
                return string.IsNullOrWhiteSpace(result.GetValue(store))
                    ? Fail(2, "--view needs the store: give --store \"Host=...;Database=...\" or set ConnectionStrings__Workbench.")
                    : await StoredViewPreview.RunAsync(result.GetValue(store)!, name, result.GetValue(version), result.GetValue(fresh), result.GetValue(issues),
                        new StoredViewFolders(result.GetValue(files)!, result.GetValue(uploads)!, result.GetValue(masterKey)!), cancellationToken);
            if (file is null)
                return Fail(2, "Give --spec FILE.json or --view NAME.");
            if (!file.Exists)
                return Fail(2, $"{file.FullName} does not exist.");
            try
            {
                var parsed = PreviewSpec.Parse(await File.ReadAllTextAsync(file.FullName, cancellationToken));
                if (result.GetValue(issues) is { } limit)
                    parsed = parsed with { Options = (parsed.Options ?? new()) with { IssueSampleLimit = limit } };
                var report = await SpecPreview.RunAsync(file, parsed, cancellationToken);
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
