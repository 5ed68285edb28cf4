using System.CommandLine;
using Workbench.Cli.Quality;

var root = new RootCommand("Workbench, headless: previews for scripts and benchmarks.");
root.Subcommands.Add(PreviewCommand.Create());
return await root.Parse(args).InvokeAsync();
