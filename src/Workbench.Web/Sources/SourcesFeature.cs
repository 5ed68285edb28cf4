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
using Workbench.Application.Sources;
using Workbench.Web.Sources.Demo;

namespace Workbench.Web.Sources;

/// <summary>Sources: connectors, the source store, secret encryption, the dataset catalog, the demo.</summary>
public static class SourcesFeature
{
    public static IServiceCollection AddSourcesFeature(this IServiceCollection services)
    {
        services.AddScoped<UploadStore>();

        services.AddSingleton<DemoReaderRole>();
        services.AddSingleton<DemoApiKey>();
        services.AddSingleton<DemoSeeder>();
        services.AddScoped<DemoViewSeeder>();
        services.AddHostedService<DemoStartup>();
        return services;
    }

    public static WebApplication MapSourcesFeature(this WebApplication app)
    {
        app.MapFastApi(app.Configuration);
        SourceEndpoints.Map(app);
        DatasetEndpoints.Map(app);
        return app;
    }
}
