namespace Workbench.Web.Sources.Demo;

/// <summary>
/// The demo's "FAST" platform API: <c>GET /demo/fast/policies?page=1&amp;pageSize=100</c>, JSON, camelCase.
/// With <c>Demo:FastApiFile</c> set it serves that CSV file's rows instead (see <see cref="FastApiFile"/>).
/// </summary>
public static class FastApiEndpoints
{
    public const string Route = "/demo/fast";

    public const string FileSetting = "Demo:FastApiFile";

    public static void MapFastApi(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        // It stands in for another system's API: sources and benchmarks call it without a workbench sign-in.
        if (configuration[FileSetting] is { Length: > 0 } file)
        {
            var path = Path.GetFullPath(file);
            app.MapGet(Route + "/policies", (long? cursor, int? pageSize, CancellationToken cancellationToken) =>
                FastApiFile.PageAsync(path, cursor ?? 0, Math.Clamp(pageSize ?? 1000, 1, 10_000), cancellationToken)).AllowAnonymous();
            return;
        }
        app.MapGet(Route + "/policies", (int? page, int? pageSize) =>
        {
            var size = Math.Clamp(pageSize ?? 100, 1, 1000);
            var number = Math.Max(page ?? 1, 1);
            var items = DemoPolicies.Fast.Skip((number - 1) * size).Take(size);
            return Results.Json(new { page = number, pageSize = size, total = DemoPolicies.Fast.Count, items });
        }).AllowAnonymous();
    }
}
