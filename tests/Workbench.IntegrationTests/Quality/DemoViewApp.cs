using System.Net.Http.Json;
using Npgsql;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Quality;

/// <summary>
/// The real workbench with its demo (legacy table in PostgreSQL, the FAST API it serves on loopback, the agents
/// CSV) and the "Policy migration" view, created at start-up with the demo sources: the test reads it over the API alone,
/// as a script would, without any page having been visited.
/// </summary>
public sealed class DemoViewApp : IAsyncLifetime
{
    public WorkbenchProcess App { get; private set; } = null!;

    public Guid ViewId { get; private set; }

    public async Task InitializeAsync()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync("viewpreview");
        App = await WorkbenchProcess.StartAsync(connectionString);
        await WaitForDemoDatasetsAsync(connectionString);

        using var api = await WorkbenchClient.SignedInAsync(App, Roles.Steward);
        ViewId = await WaitForDemoViewAsync(api);
    }

    /// <summary>The view is created right after the sources are discovered, so it may follow them by a moment.</summary>
    private async Task<Guid> WaitForDemoViewAsync(HttpClient api)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var views = await api.GetFromJsonAsync<List<ViewRow>>("/api/views");
            if (views!.SingleOrDefault(v => v.Name == "Policy migration") is { } view)
                return view.Id;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"The demo view was not created within 60 s:\n{App.Output}");
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    /// <summary>The demo is created once the server listens; its three sources are ready when their datasets are discovered.</summary>
    private static async Task WaitForDemoDatasetsAsync(string connectionString)
    {
        await using var db = new NpgsqlConnection(connectionString);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await db.ExecuteScalarAsync<long>(
            "select count(distinct s.id) from source s join source_dataset d on d.source_id = s.id where s.is_demo") < 3)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException("The demo sources were not created within 60 s.");
            await Task.Delay(100);
        }
    }

    private sealed record ViewRow(Guid Id, string Name);
}
