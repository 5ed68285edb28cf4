using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Files;
using Workbench.Connectors.Mongo;
using Workbench.Connectors.Postgres;
using Workbench.Connectors.Rest;
using Workbench.Engine.Quality.Streaming;
using Workbench.Storage.Audit;
using Workbench.Storage.Mapping;
using Workbench.Storage.Quality;
using Workbench.Storage.Secrets;
using Workbench.Storage.Sources;

namespace Workbench.Cli.Quality;

/// <summary>
/// <c>workbench preview --view NAME|ID</c>: the preview of a saved view, through the workbench's store exactly as
/// the Quality page runs it (same catalog and connectors, same cache, stored run and audit as <c>cli:USER</c>).
/// </summary>
internal static class StoredViewPreview
{
    /// <param name="issues">How many issue rows to print; the stored run keeps its whole sample.</param>
    public static async Task<int> RunAsync(
        string store, string view, int? version, bool fresh, int? issues, IReadOnlyList<string> fileRoots, string masterKeyFile, CancellationToken cancellationToken)
    {
        await using var dataSource = NpgsqlDataSource.Create(store);
        await using var services = Services(dataSource, fileRoots, MasterKey.Load(Environment.GetEnvironmentVariable(MasterKey.EnvironmentVariable), masterKeyFile));
        var actor = new SystemActor("cli:" + Environment.UserName);
        var audit = new AuditLog(dataSource, actor);
        var views = new ViewStore(dataSource, actor, audit);
        var sources = new SourceStore(dataSource, services.GetRequiredService<SecretProtector>());
        var catalog = new DatasetCatalog(sources, services.GetRequiredService<ConnectorRegistry>(), audit);
        // The same choice of engine as the app: pushed down where it can be, unless turned off as the app's setting is.
        var pushdown = Environment.GetEnvironmentVariable(ViewPushdownPlanner.SettingKey.Replace(":", "__")) is not { } setting
            || !bool.TryParse(setting, out var on) || on;
        var previews = new ViewPreviewService(views, catalog, catalog, new QualityPreviewRunner(new QualityRunStore(dataSource), audit, actor),
            pushdown ? new ViewPushdownPlanner(sources) : null);

        var viewId = Guid.TryParse(view, out var id) ? id : await views.FindIdByNameAsync(view, cancellationToken);
        if (viewId is null)
            return Fail(1, $"There is no view called '{view}'.");
        var clock = Stopwatch.StartNew();
        var result = await previews.RunAsync(viewId.Value, version, useCache: !fresh, new Progress<QualityProgress>(ReportProgress), cancellationToken);
        switch (result)
        {
            case ViewPreviewResult.Succeeded done:
                Console.Error.WriteLine($"workbench preview: run {done.Outcome.Run.Id} of view {viewId} version {done.Outcome.Run.ViewVersion}" +
                    (done.Outcome.Cached ? " served from the cache" : $", {done.Outcome.Run.RowsScanned:N0} rows read") + $" in {clock.ElapsedMilliseconds:N0} ms");
                var report = done.Outcome.Report;
                await Console.Out.WriteLineAsync((issues is { } limit ? report with { Issues = report.Issues.Take(limit).ToList() } : report).ToJson());
                return 0;
            case ViewPreviewResult.Failed failed:
                return Fail(1, $"run {failed.RunId} failed: {failed.Error}");
            case ViewPreviewResult.Cancelled cancelled:
                return Fail(1, $"run {cancelled.RunId} was cancelled.");
            default:
                return Fail(1, $"View {viewId} has no version {version}.");
        }
    }

    private static void ReportProgress(QualityProgress progress) =>
        Console.Error.WriteLine($"  {progress.Phase}: " + string.Join(", ", progress.RowsScanned.Select(s => $"{s.Key} {s.Value:N0}")));

    /// <summary>Source secrets are read with the data-protection keys kept in the store, as the web app keeps them.</summary>
    private static ServiceProvider Services(NpgsqlDataSource dataSource, IReadOnlyList<string> fileRoots, MasterKey masterKey)
    {
        var services = new ServiceCollection();
        services.AddSingleton(dataSource);
        services.AddStoreDataProtection(masterKey);
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<ISourceConnector, PostgresConnector>();
        // The networks every workbench refuses (link-local, cloud metadata...); the app's admin-set lists are not read here.
        services.AddSingleton<ISourceConnector>(_ => new RestConnector(new RestNetworkPolicy()));
        services.AddSingleton<ISourceConnector>(new FileConnector(new FileSourceRoots(fileRoots)));
        services.AddSingleton<ISourceConnector, MongoConnector>();
        services.AddSingleton<ConnectorRegistry>();
        return services.BuildServiceProvider();
    }

    private static int Fail(int code, string message)
    {
        Console.Error.WriteLine("workbench preview: " + message);
        return code;
    }
}
