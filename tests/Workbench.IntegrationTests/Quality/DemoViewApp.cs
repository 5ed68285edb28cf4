using System.Net.Http.Json;
using Npgsql;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Quality;

/// <summary>
/// The real workbench with its demo (legacy table in PostgreSQL, the FAST API it serves on loopback, the agents
/// CSV) and the "Policy migration" view, seeded as a steward's first visit to /views seeds it.
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

        var steward = await TestAccounts.CreateAsync(connectionString, TestAccounts.UniqueName("steward"), null, Roles.Steward);
        using (var browser = await CookieSignIn.SignedInClientAsync(App, steward))
            (await browser.GetAsync("/views")).EnsureSuccessStatusCode();
        using var api = await WorkbenchClient.SignedInAsync(App, Roles.Steward);
        var views = await api.GetFromJsonAsync<List<ViewRow>>("/api/views");
        ViewId = views!.Single(v => v.Name == "Policy migration").Id;
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
