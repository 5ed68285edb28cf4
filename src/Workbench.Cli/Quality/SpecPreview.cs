using Microsoft.Extensions.DependencyInjection;
using Workbench.Application;
using Workbench.Application.Quality;
using Workbench.Connectors.Files;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Spec;

namespace Workbench.Cli.Quality;

/// <summary>
/// <c>workbench preview --spec FILE.json</c>: the preview the file describes, its sides read by the app's own
/// connectors (<see cref="WorkbenchServices.AddSourceConnectors"/>) with the app's settings as environment variables,
/// the spec's folder the only folder CSV sides may read.
/// </summary>
internal static class SpecPreview
{
    public static async Task<QualityReport> RunAsync(FileInfo file, PreviewSpec spec, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddSingleton(new FileSourceRoots([file.DirectoryName!]));
        services.AddSourceConnectors(CliConfiguration.Build());
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        return await provider.GetRequiredService<PreviewSpecRunner>().RunAsync(spec, progress: null, cancellationToken);
    }
}
