using System.Globalization;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Workbench.IntegrationTests.Sources;

/// <summary>A real Kestrel API on loopback: 25 records in pages, and routes that misbehave on purpose.</summary>
public sealed class MisbehavingApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentDictionary<string, int> Calls { get; }

    public string BaseUrl { get; }

    private MisbehavingApi(WebApplication app, string baseUrl, ConcurrentDictionary<string, int> calls) => (_app, BaseUrl, Calls) = (app, baseUrl, calls);

    public static async Task<MisbehavingApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var calls = new ConcurrentDictionary<string, int>();
        Map(app, calls);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new MisbehavingApi(app, address, calls);
    }

    /// <summary>An answer no message should repeat: markup, control characters, and a tail far past any excerpt.</summary>
    public static readonly string HostileBody =
        "<html><script>alert('owned')</script>\u001b[31mBoom\u0007\r\nInternal failure " + new string('A', 5000) + "TAIL-THAT-MUST-NOT-SHOW";

    private static IEnumerable<object> Records(int from, int count) =>
        Enumerable.Range(from, Math.Max(0, Math.Min(count, 26 - from))).Select(i => new { id = i, name = $"n{i}", amount = i * 1.5m });

    private static void Map(WebApplication app, ConcurrentDictionary<string, int> calls)
    {
        var count = (string key) => calls.AddOrUpdate(key, 1, (_, n) => n + 1);
        // "*" counts every request that arrived, whatever its route.
        app.Use((context, next) => { count("*"); return next(context); });
        app.MapGet("/paged", (int page, int pageSize, HttpRequest request) =>
            request.Headers["X-Api-Key"] == "k3y" ? Results.Json(new { data = new { items = Records((page - 1) * pageSize + 1, pageSize) } }) : Results.Unauthorized());
        app.MapGet("/offset", (int offset, int limit) => Results.Json(Records(offset + 1, limit)));
        app.MapGet("/cursor", (string? cursor) =>
        {
            var from = cursor is null ? 1 : int.Parse(cursor, CultureInfo.InvariantCulture);
            return Results.Json(new { items = Records(from, 10), next = from + 10 <= 25 ? (from + 10).ToString(CultureInfo.InvariantCulture) : null });
        });
        app.MapGet("/link", (int? page, HttpContext context) =>
        {
            var p = page ?? 1;
            if (p < 3)
                context.Response.Headers.Link = $"</link?page={p + 1}>; rel=\"next\"";
            return Results.Json(Records((p - 1) * 10 + 1, 10));
        });
        app.MapGet("/unauthorized", () => Results.Unauthorized());
        app.MapGet("/flaky", () => count("flaky") <= 2 ? Results.StatusCode(429) : Results.Json(Records(1, 3)));
        app.MapGet("/broken", () => { count("broken"); return Results.StatusCode(500); });
        app.MapGet("/slow", async (CancellationToken token) => { await Task.Delay(TimeSpan.FromSeconds(10), token); return Results.Json(Records(1, 1)); });
        app.MapGet("/invalid", (int page) => page == 2 ? Results.Text("{\"items\": [ {\"id\": 1,", "application/json") : Results.Json(new { items = Records((page - 1) * 10 + 1, 10) }));
        app.MapGet("/repeat", () => Results.Json(Records(1, 10)));
        app.MapGet("/hostile", (bool? ok) => Results.Text(HostileBody, "text/html", statusCode: ok == true ? 200 : 500));
        app.MapGet("/redirect", () => Results.Redirect("/redirected"));
        app.MapGet("/redirected", () => { count("redirected"); return Results.Json(Records(1, 1)); });
        app.MapGet("/mixed", () => Results.Json(new object[] { new { id = 1 }, 42, new { id = 3 } }));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
