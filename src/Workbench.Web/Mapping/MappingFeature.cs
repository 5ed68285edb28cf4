using Workbench.Application.Mapping;

namespace Workbench.Web.Mapping;

/// <summary>Views and mapping: the store of view versions, the canvas pages and the view spec HTTP API.</summary>
public static class MappingFeature
{
    public static IServiceCollection AddMappingFeature(this IServiceCollection services)
    {
        services.AddScoped<DemoViewSeeder>();
        return services;
    }

    public static IEndpointRouteBuilder MapMappingFeature(this IEndpointRouteBuilder app)
    {
        ViewSpecEndpoints.Map(app);
        ViewLifecycleEndpoints.Map(app);
        return app;
    }
}
