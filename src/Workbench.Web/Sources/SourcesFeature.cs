using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Npgsql;
using Workbench.Connectors.Contract;
using Workbench.Connectors.Files;
using Workbench.Connectors.Mongo;
using Workbench.Connectors.Postgres;
using Workbench.Connectors.Rest;
using Workbench.Core.Sources;
using Workbench.Storage.Secrets;
using Workbench.Storage.Sources;
using Workbench.Web.Sources.Demo;

namespace Workbench.Web.Sources;

/// <summary>Sources: connectors, the source store, secret encryption, the dataset catalog, the demo.</summary>
public static class SourcesFeature
{
    public static IServiceCollection AddSourcesFeature(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(SourcesOptions.Section).Get<SourcesOptions>() ?? new SourcesOptions();
        options.Resolve();
        Directory.CreateDirectory(options.FilesFolder);
        Directory.CreateDirectory(options.UploadsFolder);
        services.AddSingleton(options);

        services.AddStoreDataProtection(MasterKey.Load(Environment.GetEnvironmentVariable(MasterKey.EnvironmentVariable), options.MasterKeyFile));

        services.AddSingleton(new FileSourceRoots([options.FilesFolder, options.UploadsFolder]));
        services.AddSingleton<ISourceConnector, PostgresConnector>();
        var restNetworks = options.Rest.Policy(); // here, so a malformed network stops the start with its name
        services.AddSingleton<ISourceConnector>(_ => new RestConnector(restNetworks));
        services.AddSingleton<ISourceConnector, FileConnector>();
        services.AddSingleton<ISourceConnector, MongoConnector>();
        services.AddSingleton<ConnectorRegistry>();

        services.AddSingleton<SecretProtector>();
        services.AddSingleton<SourceStore>();
        services.AddScoped<SourceService>();
        services.AddScoped<DatasetCatalog>();
        // TryAdd: a host may plug in a catalog of its own before the features register (the canvas tests do).
        services.TryAddScoped<IDatasetCatalog>(sp => sp.GetRequiredService<DatasetCatalog>());
        services.AddScoped<IDatasetReader>(sp => sp.GetRequiredService<DatasetCatalog>());
        services.AddScoped<UploadStore>();

        services.AddSingleton<DemoReaderRole>();
        services.AddSingleton<DemoApiKey>();
        services.AddSingleton<DemoSeeder>();
        services.AddHostedService<DemoStartup>();
        return services;
    }

    public static WebApplication MapSourcesFeature(this WebApplication app)
    {
        app.MapFastApi(app.Configuration);
        return app;
    }
}
