using Microsoft.Extensions.Configuration;

namespace Workbench.Cli.Quality;

/// <summary>
/// The app's settings for the CLI: what the command line gives, then environment variables in the app's names
/// (<c>Sources__Rest__AllowedNetworks__0</c>, <c>Quality__PushdownViews</c>...), which win.
/// </summary>
internal static class CliConfiguration
{
    public static IConfiguration Build(IReadOnlyDictionary<string, string?>? fromCommandLine = null) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(fromCommandLine ?? new Dictionary<string, string?>())
            .AddEnvironmentVariables()
            .Build();
}
