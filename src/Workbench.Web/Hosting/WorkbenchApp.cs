using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using MudBlazor.Services;
using Workbench.Application;
using Workbench.Migrations;
using Workbench.Storage;
using Workbench.Application.Audit;
using Workbench.Storage.Health;
using Workbench.Storage.Store;
using Workbench.Web.Account;
using Workbench.Web.Approvals;
using Workbench.Web.Audit;
using Workbench.Web.Components;
using Workbench.Web.Sources;
using Workbench.Web.Mapping;
using Workbench.Web.Quality;
using Workbench.Web.Lineage;
using Workbench.Web.Jobs;
using Workbench.Web.Materialize;
using Workbench.Web.Query;

namespace Workbench.Web.Hosting;

/// <summary>Builds the workbench: store first (embedded or configured), then services, then endpoints.</summary>
public static class WorkbenchApp
{
    public static async Task<WorkbenchWebApp> BuildAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // appsettings.json and migrations/ are copied beside the program, whatever the working folder.
            ContentRootPath = AppContext.BaseDirectory,
        });

        using var bootstrapLogging = LoggerFactory.Create(logging =>
            logging.AddConfiguration(builder.Configuration.GetSection("Logging")).AddConsole());
        var store = await StoreConnection.OpenAsync(builder.Configuration, bootstrapLogging.CreateLogger("Workbench.Store"));
        try
        {
            ConfigureServices(builder, store);
            var app = builder.Build();
            await app.Services.GetRequiredService<StoreMigrator>().MigrateAsync();
            await app.Services.PrepareJobStorageAsync();
            ConfigurePipeline(app);
            return new WorkbenchWebApp(app, store);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    private static void ConfigureServices(WebApplicationBuilder builder, StoreConnection store)
    {
        var services = builder.Services;
        AddWorkbenchServices(services, builder.Configuration, store);
        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");
        services.AddApiErrors();
        services.AddApiDocument();

        // In development (and so in the browser tests) a failed event names its exception in the browser's console,
        // which the tests keep as evidence; elsewhere the details stay on the server.
        services.AddRazorComponents().AddInteractiveServerComponents(options => options.DetailedErrors = builder.Environment.IsDevelopment());
        services.AddMudServices();
    }

    /// <summary>
    /// The store and every feature's services: what the web app and the <c>worker</c> command (<see cref="WorkerCommand"/>)
    /// both run on, registered one way.
    /// </summary>
    internal static void AddWorkbenchServices(IServiceCollection services, IConfiguration configuration, StoreConnection store)
    {
        services.AddSingleton(store.DataSource);
        services.AddWorkbench(configuration);
        services.AddSingleton<StoreStatus>();
        services.AddAccountsFeature(configuration);
        services.AddSourcesFeature();
        services.AddJobsFeature(configuration);
        services.AddMaterializeFeature();
    }

    private static void ConfigurePipeline(WebApplication app)
    {
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/not-found");
        app.UseApiErrors();
        app.MapAccountsFeature();
        app.UseJobsDashboardGate();
        // After sign-in, so the body of a caller who may not call is never read.
        app.UseMiddleware<NulCharacterGuard>();
        app.MapAuditFeature();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync }).AllowAnonymous();
        app.MapSourcesFeature();
        app.MapMappingFeature();
        app.MapApprovalsFeature();
        app.MapQualityFeature();
        app.MapQueryFeature();
        app.MapLineageFeature();
        app.MapJobsFeature();
        app.MapMaterializeFeature();
        app.MapApiDocument();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().AllowAnonymousFrameworkScripts();
        if (app.Environment.IsDevelopment())
            ApiDocument.EnsureEveryEndpointIsDescribed(app);
    }
}
