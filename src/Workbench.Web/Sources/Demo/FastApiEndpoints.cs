namespace Workbench.Web.Sources.Demo;

/// <summary>The demo's "FAST" platform API: <c>GET /demo/fast/policies?page=1&amp;pageSize=100</c>, JSON, camelCase.</summary>
public static class FastApiEndpoints
{
    public const string Route = "/demo/fast";

    public static void MapFastApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Route + "/policies", (int? page, int? pageSize) =>
        {
            var size = Math.Clamp(pageSize ?? 100, 1, 1000);
            var number = Math.Max(page ?? 1, 1);
            var items = DemoPolicies.Fast.Skip((number - 1) * size).Take(size);
            return Results.Json(new { page = number, pageSize = size, total = DemoPolicies.Fast.Count, items });
        }).AllowAnonymous(); // It stands in for another system's API: the demo's REST source calls it without a workbench sign-in.
    }
}
