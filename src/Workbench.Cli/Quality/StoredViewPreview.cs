using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workbench.Application;
using Workbench.Engine.Quality.Streaming;
using Workbench.Application.Accounts;
using Workbench.Application.Audit;
using Workbench.Application.Privacy;
using Workbench.Application.Mapping;
using Workbench.Application.Quality;
using Workbench.Storage.Secrets;

namespace Workbench.Cli.Quality;

/// <summary>
/// <c>workbench preview --view NAME|ID</c>: the preview of a saved view, through the workbench's store exactly as
/// the Quality page runs it (same catalog and connectors, same cache, stored run and audit as <c>cli:USER</c>).
/// </summary>
internal static class StoredViewPreview
{
    /// <param name="issues">How many issue rows to print; the stored run keeps its whole sample.</param>
    public static async Task<int> RunAsync(
        string store, string view, int? version, bool fresh, int? issues, StoredViewFolders folders, CancellationToken cancellationToken)
    {
        if (MissingMasterKey(folders) is { } missing)
            return Fail(2, missing);
        await using var dataSource = NpgsqlDataSource.Create(store);
        await using var services = Services(dataSource, folders);
        await using var scope = services.CreateAsyncScope();
        var views = scope.ServiceProvider.GetRequiredService<ViewStore>();
        var previews = scope.ServiceProvider.GetRequiredService<ViewPreviewService>();

        var viewId = Guid.TryParse(view, out var id) ? id : await views.FindIdByNameAsync(view, cancellationToken);
        if (viewId is null)
            return Fail(1, $"There is no view called '{view}'.");
        var clock = Stopwatch.StartNew();
        var result = await previews.RunAsync(viewId.Value, version, useCache: !fresh, new Progress<QualityProgress>(ReportProgress), cancellationToken: cancellationToken);
        switch (result)
        {
            case ViewPreviewResult.Succeeded done:
                Console.Error.WriteLine($"workbench preview: run {done.Outcome.Run.Id} of view {viewId} version {done.Outcome.Run.ViewVersion}" +
                    (done.Outcome.Cached ? " served from the cache" : $", {done.Outcome.Run.RowsScanned:N0} rows read") + $" in {clock.ElapsedMilliseconds:N0} ms");
                var masking = await scope.ServiceProvider.GetRequiredService<PersonalDataAccess>()
                    .ForViewAsync(viewId.Value, done.Outcome.Run.ViewVersion, null, cancellationToken);
                var report = MaskedReport.Of(done.Outcome.Report, masking);
                await Console.Out.WriteLineAsync((issues is { } limit ? report with { Issues = report.Issues.Take(limit).ToList() } : report).ToJson());
                return 0;
            case ViewPreviewResult.Failed failed:
                return Fail(1, $"run {failed.RunId} failed: {failed.Error}");
            case ViewPreviewResult.Cancelled cancelled:
                return Fail(1, $"run {cancelled.RunId} was cancelled.");
            case ViewPreviewResult.Dissolved dissolved:
                return Fail(1, dissolved.Message);
            default:
                return Fail(1, $"View {viewId} has no version {version}.");
        }
    }

    /// <summary>
    /// Why the run cannot start without the web app's master key, or null when it is there. A key made here would not
    /// be the web app's: the secrets would not open, and the data-protection keys this run might add to the store
    /// would be sealed with it, locking the web app out of them.
    /// </summary>
    internal static string? MissingMasterKey(StoredViewFolders folders) =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(MasterKey.EnvironmentVariable)) && !File.Exists(folders.MasterKeyFile)
            ? $"There is no master key at {Path.GetFullPath(folders.MasterKeyFile)}. Give the web app's key file with " +
              $"--master-key (it lives in the web app's .workbench folder) or set {MasterKey.EnvironmentVariable}."
            : null;

    private static void ReportProgress(QualityProgress progress) =>
        Console.Error.WriteLine($"  {progress.Phase}: " + string.Join(", ", progress.RowsScanned.Select(s => $"{s.Key} {s.Value:N0}")));

    /// <summary>
    /// The app's own registration, with the app's settings as environment variables (<c>Sources__Rest__AllowedNetworks__0</c>,
    /// <c>Quality__PushdownViews</c>...) and the folders given on the command line; source secrets are read with the
    /// data-protection keys kept in the store, as the web app keeps them.
    /// </summary>
    internal static ServiceProvider Services(NpgsqlDataSource dataSource, StoredViewFolders folders)
    {
        var configuration = CliConfiguration.Build(new Dictionary<string, string?>
        {
            ["Sources:FilesFolder"] = folders.Files,
            ["Sources:UploadsFolder"] = folders.Uploads,
            ["Sources:MasterKeyFile"] = folders.MasterKeyFile,
        });
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(dataSource);
        services.AddSingleton<IActorContext>(new SystemActor("cli:" + Environment.UserName));
        // The operator of the command line sees personal values masked, as a steward without the permission does: the
        // output lands in terminals, files and pipes beyond the audit's reach (docs/privacy.md, "The command line").
        services.AddSingleton<ICurrentUser>(new CommandLineOperator("cli:" + Environment.UserName));
        services.AddWorkbench(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine("workbench preview: " + message);
        return code;
    }
}

/// <summary>The folders the web app keeps beside it: file sources' folder, uploads and the master key file.</summary>
internal sealed record StoredViewFolders(string Files, string Uploads, string MasterKeyFile);
