namespace Workbench.Web.Sources.Demo;

/// <summary>
/// The demo's "FAST" platform API: <c>GET /demo/fast/policies?page=1&amp;pageSize=100</c>, JSON, camelCase, for callers
/// that send the demo's key in <see cref="DemoApiKey.Header"/>. With <c>Demo:FastApiFile</c> set it serves that CSV
/// file's rows instead (see <see cref="FastApiFile"/>).
/// </summary>
public static class FastApiEndpoints
{
    public const string Route = "/demo/fast";

    public const string FileSetting = "Demo:FastApiFile";

    public static void MapFastApi(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        // It stands in for another system's API: callers authenticate with its key, not a workbench sign-in.
        if (configuration[FileSetting] is { Length: > 0 } file)
        {
            // Only when an administrator configures it, for benchmarks that read a million rows through a plain HTTP client.
            var path = Path.GetFullPath(file);
            app.MapGet(Route + "/policies", (long? cursor, int? pageSize, CancellationToken cancellationToken) =>
                FastApiFile.PageAsync(path, cursor ?? 0, Math.Clamp(pageSize ?? 1000, 1, 10_000), cancellationToken)).AllowAnonymous();
            return;
        }
        app.MapGet(Route + "/policies", (HttpRequest request, DemoApiKey key, int? page, int? pageSize) =>
        {
            if (!key.Accepts(request.Headers[DemoApiKey.Header]))
                return Results.Problem($"Send the demo API's key in the {DemoApiKey.Header} header (the demo's REST source holds it).",
                    statusCode: StatusCodes.Status401Unauthorized, title: "API key missing or wrong");
            var size = Math.Clamp(pageSize ?? 100, 1, 1000);
            var number = Math.Max(page ?? 1, 1);
            // In long: page 2,147,483,647 of 1,000 lies far beyond an int, and beyond the last policy (an empty page).
            var skip = (long)(number - 1) * size;
            IEnumerable<DemoPolicies.FastPolicy> items = skip >= DemoPolicies.Fast.Count ? [] : DemoPolicies.Fast.Skip((int)skip).Take(size);
            return Results.Json(new { page = number, pageSize = size, total = DemoPolicies.Fast.Count, items });
        }).AllowAnonymous();
    }
}
