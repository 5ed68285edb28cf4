using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit;

namespace Workbench.UnitTests.Documentation;

/// <summary>
/// The commands the docs show are the commands the programs have: for every use of <c>workbench preview</c>, <c>workbench query</c> and of
/// <c>Workbench.Web create-admin | create-token | worker</c> in the docs, the options shown with it are in the built
/// program's own help or usage, and the scripts, projects, benchmarks and test filters the code blocks name exist.
/// </summary>
public sealed partial class CommandHelpTests
{
    /// <summary>Debug or Release, as this test assembly was built; the programs were built beside it (project references).</summary>
    private static readonly string Configuration =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    private static string Built(string project, string assembly) =>
        Path.Combine(Docs.Root, "src", project, "bin", Configuration, "net10.0", assembly);

    /// <summary>A use of one of the programs' commands in the docs, with the options shown for it.</summary>
    private sealed record Use(string Command, string Page, int Line, IReadOnlyList<string> Options);

    /// <summary>
    /// Every use of a command in the docs: in a code block line or a code span, with the options on that line or span;
    /// and options written alone in a code span of prose (<c>`--files DIR`</c>), which belong to the command the page
    /// showed last in the same section.
    /// </summary>
    private static List<Use> Uses()
    {
        var uses = new List<Use>();
        foreach (var page in Docs.All())
        {
            var events = page.HeadingLines.Select(h => (h.Line, Kind: 0, Texts: (IReadOnlyList<string>)[]))
                .Concat(page.CodeBlocks.Select(b => (Line: b.StartLine, Kind: 1, Texts: (IReadOnlyList<string>)b.LogicalLines().ToList())))
                .Concat(page.Paragraphs.Select(p => (p.Line, Kind: 2, Texts: (IReadOnlyList<string>)Docs.CodeSpans(p.Text).ToList())))
                .OrderBy(e => e.Line);
            var context = new List<string>();
            foreach (var (line, kind, texts) in events)
            {
                if (kind == 0)
                {
                    context.Clear();
                    continue;
                }
                var found = new List<string>();
                foreach (var text in texts)
                {
                    if (CommandIn(text) is { } use)
                    {
                        found.Add(use.Command);
                        uses.Add(new Use(use.Command, page.Path, line, Options(use.After)));
                    }
                }
                if (found.Count > 0)
                    context = found.Distinct(StringComparer.Ordinal).ToList();
                if (kind != 2)
                    continue;
                foreach (var text in texts.Where(t => t.StartsWith("--", StringComparison.Ordinal) && CommandIn(t) is null))
                    foreach (var command in context)
                        uses.Add(new Use(command, page.Path, line, Options(text)));
            }
        }
        return uses;
    }

    /// <summary>The command a line or span uses, and the text after it.</summary>
    private static (string Command, string After)? CommandIn(string text)
    {
        if (CliCommand().Match(text) is { Success: true } cli)
            return ($"workbench {cli.Groups[1].Value}", text[(cli.Index + cli.Length)..]);
        if (WebCommand().Match(text) is { Success: true } web)
            return ($"Workbench.Web {web.Groups[1].Value}", text[(web.Index + web.Length)..]);
        return null;
    }

    /// <summary>The long options of a command line (<c>--issues</c>), not configuration arguments (<c>--Jobs:WorkerCount=4</c>).</summary>
    private static List<string> Options(string text) =>
        LongOption().Matches(text).Select(m => m.Value).Where(o => !o.Contains(':', StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();

    private static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        // The documented refusals are those of a machine without a store configured.
        info.Environment.Remove("ConnectionStrings__Workbench");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not end within 60 s.");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    private static void AssertShown(IEnumerable<Use> uses, string help, string command)
    {
        var missing = uses.SelectMany(u => u.Options.Where(o => !Regex.IsMatch(help, $@"(?<![\w-]){Regex.Escape(o)}(?![\w-])"))
            .Select(o => $"{u.Page} line {u.Line}: {command} {o}")).ToList();
        Assert.True(missing.Count == 0, $"Options the docs show that {command} does not have:\n{string.Join("\n", missing)}\n\nIts help:\n{help}");
    }

    [Fact]
    public async Task Every_option_the_docs_show_for_workbench_preview_is_in_its_help()
    {
        var uses = Uses().Where(u => u.Command == "workbench preview").ToList();
        Assert.Contains(uses, u => u.Options.Contains("--spec"));
        Assert.Contains(uses, u => u.Options.Contains("--view"));
        Assert.Contains(uses, u => u.Options.Contains("--master-key"));

        var cli = Built("Workbench.Cli", "workbench.dll");
        Assert.True(File.Exists(cli), $"The CLI is not built at {cli}.");
        var (exitCode, help) = await RunAsync(Docs.Root, cli, "preview", "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("--spec", help, StringComparison.Ordinal);
        AssertShown(uses, help, "workbench preview");
    }

    [Fact]
    public async Task Every_option_of_workbench_query_is_in_its_help_and_in_the_docs()
    {
        var uses = Uses().Where(u => u.Command == "workbench query").ToList();
        var cli = Built("Workbench.Cli", "workbench.dll");
        Assert.True(File.Exists(cli), $"The CLI is not built at {cli}.");
        var (exitCode, help) = await RunAsync(Docs.Root, cli, "query", "--help");

        Assert.Equal(0, exitCode);
        AssertShown(uses, help, "workbench query");
        var offered = LongOption().Matches(help).Select(m => m.Value).Where(o => o != "--help").Distinct(StringComparer.Ordinal).ToList();
        Assert.Contains("--where", offered);
        var shown = uses.SelectMany(u => u.Options).ToHashSet(StringComparer.Ordinal);
        var undocumented = offered.Where(o => !shown.Contains(o)).ToList();
        Assert.True(undocumented.Count == 0, $"Options of workbench query the docs never show: {string.Join(", ", undocumented)}");
    }

    [Theory]
    [InlineData("create-admin", "--user")]
    [InlineData("create-token", "--user")]
    public async Task Every_option_the_docs_show_for_an_account_command_is_in_its_usage(string command, string required)
    {
        var uses = Uses().Where(u => u.Command == $"Workbench.Web {command}").ToList();
        Assert.Contains(uses, u => u.Options.Contains(required));

        // Without --user the command prints its usage and exits 2, before it opens any store.
        var web = Built("Workbench.Web", "Workbench.Web.dll");
        Assert.True(File.Exists(web), $"The web app is not built at {web}.");
        var (exitCode, usage) = await RunAsync(Path.GetDirectoryName(web)!, web, command);

        Assert.Equal(2, exitCode);
        Assert.Contains($"Usage: Workbench.Web {command}", usage, StringComparison.Ordinal);
        AssertShown(uses, usage, $"Workbench.Web {command}");
    }

    [Fact]
    public async Task The_worker_command_takes_configuration_keys_and_refuses_to_run_without_a_store()
    {
        var arguments = Docs.All().SelectMany(p => p.CodeBlocks.SelectMany(b => b.LogicalLines())
                .Concat(p.Paragraphs.SelectMany(x => Docs.CodeSpans(x.Text))).Select(text => (p.Path, text)))
            .SelectMany(x => ConfigurationArgument().Matches(x.text).Select(m => (x.Path, Key: m.Groups[1].Value)))
            .ToList();
        Assert.Contains(arguments, a => a.Key == "Jobs:WorkerCount");
        Assert.Contains(Uses(), u => u.Command == "Workbench.Web worker");

        var settings = ConfigurationDocsTests.AppSettings();
        var unknown = arguments.Where(a => !settings.ContainsKey(a.Key)).Select(a => $"{a.Path}: --{a.Key}").ToList();
        Assert.True(unknown.Count == 0, $"Command-line settings the docs show that appsettings.json does not have:\n{string.Join("\n", unknown)}");

        var web = Built("Workbench.Web", "Workbench.Web.dll");
        var (exitCode, output) = await RunAsync(Path.GetDirectoryName(web)!, web, "worker", "--Jobs:WorkerCount=4");

        Assert.Equal(2, exitCode);
        Assert.Contains("set ConnectionStrings:Workbench", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_scripts_projects_benchmarks_and_test_filters_the_code_blocks_name_exist()
    {
        var lines = Docs.All().SelectMany(p => p.CodeBlocks.SelectMany(b => b.LogicalLines().Select(l => (p.Path, b.StartLine, Text: l)))).ToList();
        var testSources = string.Join('\n', Directory.EnumerateFiles(Path.Combine(Docs.Root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        var benchmarks = File.ReadAllText(Path.Combine(Docs.Root, "benchmarks", "Workbench.Benchmarks", "Program.cs"));

        var problems = new List<string>();
        var checkedPaths = 0;
        foreach (var (page, line, text) in lines)
        {
            foreach (var path in PathArgument().Matches(text).Select(m => m.Groups[1].Value))
            {
                checkedPaths++;
                if (!File.Exists(Path.Combine(Docs.Root, path)) && !Directory.Exists(Path.Combine(Docs.Root, path)))
                    problems.Add($"{page} line {line}: {path} does not exist");
            }
            if (BenchmarkName().Match(text) is { Success: true } benchmark && !benchmarks.Contains($"\"{benchmark.Groups[1].Value}\"", StringComparison.Ordinal))
                problems.Add($"{page} line {line}: benchmarks/Workbench.Benchmarks has no benchmark {benchmark.Groups[1].Value}");
            foreach (var name in TestFilter().Matches(text).Select(m => m.Groups[1].Value))
                if (!Regex.IsMatch(testSources, $@"\b(class|namespace) [\w.]*{Regex.Escape(name)}"))
                    problems.Add($"{page} line {line}: no test class or namespace matches FullyQualifiedName~{name}");
        }

        Assert.True(checkedPaths > 10, $"Only {checkedPaths} paths found in the docs' code blocks.");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [GeneratedRegex(@"(?:^|[\s/])workbench (preview|query)(?=\s|$)")]
    private static partial Regex CliCommand();

    [GeneratedRegex(@"(?:Workbench\.Web|scripts/run\.sh) (create-admin|create-token|worker)(?=\s|$)")]
    private static partial Regex WebCommand();

    [GeneratedRegex(@"(?<![\w-])--[a-z][a-z0-9-]*(?::[A-Za-z:]+)?")]
    private static partial Regex LongOption();

    /// <summary><c>--Section:Key=value</c>: a configuration setting given on the command line.</summary>
    [GeneratedRegex(@"(?<![\w-])--([A-Z][A-Za-z]*(?::[A-Za-z]+)+)=")]
    private static partial Regex ConfigurationArgument();

    /// <summary>
    /// A path in the repository a command runs: <c>bash scripts/x.sh</c>, <c>--project p</c>, <c>dotnet test|build p</c>
    /// (build outputs and <c>.workbench/</c> are made by running, so not checked).
    /// </summary>
    [GeneratedRegex(@"(?:\bbash |--project |dotnet (?:test|build) )((?:scripts|benchmarks|tests|src|migrations|tools)/[\w./-]+|Workbench\.sln)")]
    private static partial Regex PathArgument();

    [GeneratedRegex(@"benchmarks/Workbench\.Benchmarks -- ([a-z-]+)")]
    private static partial Regex BenchmarkName();

    [GeneratedRegex(@"FullyQualifiedName~(\w+)")]
    private static partial Regex TestFilter();
}
