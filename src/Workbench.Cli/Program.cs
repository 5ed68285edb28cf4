using System.CommandLine;
using Workbench.Cli.Quality;
using Workbench.Cli.Query;

var root = new RootCommand("Workbench, headless: previews and queries of views for scripts and benchmarks.");
root.Subcommands.Add(PreviewCommand.Create());
root.Subcommands.Add(QueryCommand.Create());
return await root.Parse(args).InvokeAsync();
