using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using Workbench.Application.Accounts;
using Workbench.Testing;

// Starts the real workbench with its demo on a throwaway PostgreSQL, makes N copies of the demo view through the HTTP
// API, then fires N fresh previews at once and N queries at once, and prints latency, errors and peak resources.
var count = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 100;
var connectionString = await TestPostgres.CreateDatabaseAsync("hundred");
await using var app = await WorkbenchProcess.StartAsync(connectionString);
using var api = await WorkbenchClient.SignedInAsync(app, Roles.Steward);
api.Timeout = TimeSpan.FromMinutes(10);

var demoId = await DemoViewAsync(api);
var spec = await api.GetStringAsync(new Uri($"/api/views/{demoId}/spec", UriKind.Relative));
var views = new List<Guid>();
for (var i = 1; i <= count; i++)
{
    var copy = spec.Replace("\"Policy migration\"", $"\"Policy migration {i:000}\"", StringComparison.Ordinal);
    using var created = await api.PostAsync(new Uri("/api/views", UriKind.Relative), new StringContent(copy, Encoding.UTF8, "application/json"));
    created.EnsureSuccessStatusCode();
    views.Add((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("viewId").GetGuid());
}
Console.WriteLine($"{count} views created over the demo sources (copies of \"Policy migration\")");

// The answers every copy must give: the demo view's own, asked once before the storm.
var expectedPreview = Counts(await PreviewAsync(api, demoId));
var expectedTotal = Total(await QueryAsync(api, demoId));
Console.WriteLine($"expected: preview {expectedPreview}; query total {expectedTotal}");

await RunAsync("previews (fresh)", id => PreviewAsync(api, id), answer => Counts(answer) == expectedPreview);
await RunAsync("queries", id => QueryAsync(api, id), answer => Total(answer) == expectedTotal);
Console.WriteLine($"workbench peak memory (VmHWM): {PeakMemory(app.ProcessId)}");
Console.WriteLine($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");

async Task RunAsync(string what, Func<Guid, Task<JsonElement?>> ask, Func<JsonElement, bool> right)
{
    using var stop = new CancellationTokenSource();
    var sampler = PeakConnectionsAsync(connectionString, stop.Token);
    var clock = Stopwatch.StartNew();
    var results = await Task.WhenAll(views.Select(async id =>
    {
        var one = Stopwatch.StartNew();
        JsonElement? answer;
        try
        {
            answer = await ask(id);
        }
        catch (HttpRequestException ex)
        {
            Console.Error.WriteLine($"{what}: {ex.Message}");
            answer = null;
        }
        return (Ms: one.Elapsed.TotalMilliseconds, Ok: answer is { } a && right(a));
    }));
    var wall = clock.Elapsed;
    await stop.CancelAsync();
    var (all, workbench) = await sampler;
    var times = results.Select(r => r.Ms).Order().ToList();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{count} {what} at once: p50 {Percentile(times, 0.50):F0} ms, p95 {Percentile(times, 0.95):F0} ms, max {times[^1]:F0} ms, "
        + $"all done in {wall.TotalSeconds:F1} s; errors {results.Count(r => !r.Ok)}; "
        + $"peak connections to PostgreSQL {all} (of which source reads, application 'workbench': {workbench})"));
}

static async Task<JsonElement?> PreviewAsync(HttpClient api, Guid id)
{
    using var response = await api.PostAsync(new Uri($"/api/views/{id}/preview?fresh=true", UriKind.Relative), null);
    return await AnswerAsync(response);
}

static async Task<JsonElement?> QueryAsync(HttpClient api, Guid id)
{
    using var response = await api.PostAsJsonAsync(new Uri($"/api/views/{id}/query", UriKind.Relative), new { limit = 50 });
    return await AnswerAsync(response);
}

// A refusal is printed with its status and problem text, which says why (never server paths: the API does not give them).
static async Task<JsonElement?> AnswerAsync(HttpResponseMessage response)
{
    if (response.IsSuccessStatusCode)
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    var problem = await response.Content.ReadAsStringAsync();
    await Console.Error.WriteLineAsync($"{(int)response.StatusCode}: {problem[..Math.Min(problem.Length, 300)]}");
    return null;
}

static string Counts(JsonElement? preview) => preview is { } p
    ? $"keys {p.GetProperty("summary").GetProperty("keys")}, presence {p.GetProperty("summary").GetProperty("presence")}"
    : "none";

static long Total(JsonElement? query) => query is { } q ? q.GetProperty("total").GetInt64() : -1;

static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Ceiling(p * sorted.Count) - 1];

static string PeakMemory(int pid) =>
    File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))["VmHWM:".Length..].Trim();

// The most connections PostgreSQL held at once (all, and the workbench's source reads) until stopped.
static async Task<(long All, long Workbench)> PeakConnectionsAsync(string connectionString, CancellationToken stop)
{
    long all = 0, workbench = 0;
    await using var db = new NpgsqlConnection(connectionString);
    await db.OpenAsync(CancellationToken.None);
    do
    {
        await using var command = new NpgsqlCommand(
            "select count(*), count(*) filter (where application_name = 'workbench') from pg_stat_activity where backend_type = 'client backend'", db);
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        await reader.ReadAsync(CancellationToken.None);
        all = Math.Max(all, reader.GetInt64(0));
        workbench = Math.Max(workbench, reader.GetInt64(1));
        await reader.DisposeAsync();
        await Task.Delay(20, CancellationToken.None);
    }
    while (!stop.IsCancellationRequested);
    return (all, workbench);
}

static async Task<Guid> DemoViewAsync(HttpClient api)
{
    // The demo view is made at start-up, just after the server listens.
    var deadline = DateTime.UtcNow.AddMinutes(2);
    while (true)
    {
        var views = await api.GetFromJsonAsync<List<ViewRow>>(new Uri("/api/views", UriKind.Relative));
        if (views!.FirstOrDefault(v => v.Name == "Policy migration") is { } demo)
            return demo.Id;
        if (DateTime.UtcNow > deadline)
            throw new TimeoutException("The demo view was not created within 2 minutes.");
        await Task.Delay(200);
    }
}

internal sealed record ViewRow(Guid Id, string Name);
