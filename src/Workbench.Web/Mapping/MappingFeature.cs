namespace Workbench.Web.Mapping;

/// <summary>Views and mapping: the canvas pages and the views HTTP API (create, save, spec, dissolve).</summary>
public static class MappingFeature
{
    public static IEndpointRouteBuilder MapMappingFeature(this IEndpointRouteBuilder app)
    {
        ViewSpecEndpoints.Map(app);
        ViewAuthoringEndpoints.Map(app);
        ViewLifecycleEndpoints.Map(app);
        return app;
    }
}
