using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Workbench.Application.Accounts;
using Workbench.Application.Approvals;
using Workbench.Application.Audit;
using Workbench.Application.Lineage;
using Workbench.Application.Mapping;
using Workbench.Application.Overview;
using Workbench.Application.Privacy;
using Workbench.Application.Quality;
using Workbench.Application.Query;
using Workbench.Application.Sources;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Files;
using Workbench.Connectors.Mongo;
using Workbench.Connectors.Postgres;
using Workbench.Connectors.Rest;
using Workbench.Core.Privacy;
using Workbench.Core.Sources;
using Workbench.Migrations;
using Workbench.Storage.Secrets;
using Workbench.Storage.Store;

namespace Workbench.Application;

/// <summary>
/// The workbench's use cases and what they stand on, registered one way for every host: the web app, the CLI and
/// the job runner. The host registers the store's <see cref="NpgsqlDataSource"/> (see <c>StoreConnection</c>) and
/// who is acting (<see cref="IActorContext"/>: the signed-in user, or a named system actor).
/// </summary>
public static class WorkbenchServices
{
    public static IServiceCollection AddWorkbench(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<StoreMigrator>();
        // Pooled: the use cases take a context per operation, and a fresh one costs several times the query it runs.
        services.AddPooledDbContextFactory<WorkbenchDbContext>((provider, options) =>
            WorkbenchDbContext.Configure(options, provider.GetRequiredService<NpgsqlDataSource>()));
        services.AddSingleton<OverviewFigures>();
        AddAccounts(services, configuration);
        AddAudit(services);
        AddSources(services, configuration);
        AddMapping(services);
        AddApprovals(services);
        AddQuality(services, configuration);
        AddLineage(services);
        return services;
    }

    private static void AddAccounts(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<LockoutOptions>(configuration.GetSection(LockoutOptions.Section));
        services.AddSingleton<AccountStore>();
        services.AddSingleton<ApiTokens>();
        services.AddScoped<SignInService>();
        services.AddScoped<AccountAdministration>();
    }

    private static void AddAudit(IServiceCollection services)
    {
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditQuery>();
    }

    private static void AddSources(IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(SourcesOptions.Section).Get<SourcesOptions>() ?? new SourcesOptions();
        options.Resolve();
        Directory.CreateDirectory(options.FilesFolder);
        Directory.CreateDirectory(options.UploadsFolder);
        services.AddSingleton(options);

        var masterKey = MasterKey.Load(Environment.GetEnvironmentVariable(MasterKey.EnvironmentVariable), options.MasterKeyFile);
        services.AddStoreDataProtection(masterKey);
        AddPersonalData(services, masterKey);

        services.AddSingleton(new FileSourceRoots([options.FilesFolder, options.UploadsFolder]));
        services.AddSourceConnectors(configuration);

        services.AddSingleton<SecretProtector>();
        services.AddSingleton<SourceReadPools>();
        services.AddSingleton<SourceStore>();
        services.AddScoped<SourceService>();
        services.AddScoped<DatasetCatalog>();
        // TryAdd: a host may plug in a catalog of its own before the use cases register (the canvas tests do).
        services.TryAddScoped<IDatasetCatalog>(sp => sp.GetRequiredService<DatasetCatalog>());
        services.AddScoped<IDatasetReader>(sp => sp.GetRequiredService<DatasetCatalog>());
    }

    /// <summary>
    /// The connectors and their <see cref="ConnectorRegistry"/>, with the network policy of REST sources from
    /// <c>Sources:Rest</c>: one registration for every reader of sources, the use cases above and
    /// <c>workbench preview --spec</c> (<see cref="PreviewSpecRunner"/>). The host registers the
    /// <see cref="FileSourceRoots"/> file sources may read.
    /// </summary>
    public static IServiceCollection AddSourceConnectors(this IServiceCollection services, IConfiguration configuration)
    {
        var rest = configuration.GetSection(SourcesOptions.Section).GetSection(nameof(SourcesOptions.Rest)).Get<RestNetworkOptions>() ?? new RestNetworkOptions();
        var restNetworks = rest.Policy(); // here, so a malformed network stops the start with its name
        services.AddSingleton<ISourceConnector, PostgresConnector>();
        services.AddSingleton<ISourceConnector>(_ => new RestConnector(restNetworks));
        services.AddSingleton<ISourceConnector, FileConnector>();
        services.AddSingleton<ISourceConnector, MongoConnector>();
        services.AddSingleton<ConnectorRegistry>();
        services.AddSingleton<PreviewSpecRunner>();
        return services;
    }

    private static void AddPersonalData(IServiceCollection services, MasterKey masterKey)
    {
        services.AddSingleton(new ValueMasker(masterKey.Derive("Workbench.PersonalData.Masking.v1")));
        services.AddSingleton<PersonalDataMarkStore>();
        services.AddScoped<PersonalDataMarks>();
        services.AddScoped<PersonalDataAccess>();
    }

    private static void AddMapping(IServiceCollection services)
    {
        services.AddScoped<ViewStore>();
        services.AddScoped<ViewLifecycle>();
        services.AddScoped<TargetSchemaImporter>();
    }

    private static void AddApprovals(IServiceCollection services)
    {
        services.AddSingleton<ApprovalSignal>();
        services.AddSingleton<ApprovalQueries>();
        services.AddScoped<ApprovalService>();
    }

    private static void AddQuality(IServiceCollection services, IConfiguration configuration)
    {
        // Named constructor: the class also has one on the bare data source, for tests.
        services.AddSingleton(sp => new QualityRunStore(sp.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>()));
        services.AddScoped<QualityPreviewRunner>();
        services.AddSingleton<ViewPushdownPlanner>();
        // On unless configured off: a view whose datasets are tables of one database previews in that database,
        // moving no rows; see docs/quality.md, "Which engine previews a stored view".
        var pushdown = configuration.GetValue(ViewPushdownPlanner.SettingKey, true);
        // Streamed previews and queries read a PostgreSQL source in the turns pushed-down ones take, so many at once
        // wait for the source's limit instead of each opening a connection (docs/benchmarks.md, "A hundred views").
        services.AddScoped(sp => new ViewPreviewService(sp.GetRequiredService<ViewStore>(),
            sp.GetRequiredService<IDatasetCatalog>(), TurnTakingReader(sp),
            sp.GetRequiredService<QualityPreviewRunner>(), pushdown ? sp.GetRequiredService<ViewPushdownPlanner>() : null));
        // A query of a view chooses its engine as a preview does (docs/query.md).
        services.AddScoped(sp => new ViewQueryService(sp.GetRequiredService<ViewStore>(),
            sp.GetRequiredService<IDatasetCatalog>(), TurnTakingReader(sp),
            sp.GetRequiredService<AuditLog>(), pushdown ? sp.GetRequiredService<ViewPushdownPlanner>() : null, sp.GetRequiredService<PersonalDataAccess>()));
    }

    private static IDatasetReader TurnTakingReader(IServiceProvider sp) =>
        sp.GetRequiredService<DatasetCatalog>().TakingTurns(sp.GetRequiredService<SourceReadPools>());

    private static void AddLineage(IServiceCollection services)
    {
        services.AddScoped<LineageWriter>();
        // Named constructor: the class also has one on the bare data source, for tests.
        services.AddScoped(sp => new LineageQueries(sp.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>()));
        services.AddScoped<LineageDetailsQuery>();
        services.AddScoped<OpenLineageExporter>();
        services.AddScoped<OpenLineageIngestor>();
    }
}
