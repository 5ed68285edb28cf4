using System.Net;
using System.Net.Http.Json;
using System.Text;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Sources;

/// <summary>The demo's view exists from start-up, like its sources, so a script sees it before anyone opens a page; once.</summary>
public sealed class DemoViewSeedingTests(DemoSourcesApp demo) : IClassFixture<DemoSourcesApp>
{
    [Fact]
    public async Task The_demo_view_is_created_at_start_up_and_a_start_on_a_store_with_views_adds_none()
    {
        await demo.WaitForDemoAsync();
        using (var api = await WorkbenchClient.SignedInAsync(demo.App, Roles.Steward))
        {
            var seeded = await WaitForViewsAsync(api, views => views.Any(v => v.Name == "Policy migration"));
            var view = Assert.Single(seeded);
            // Renamed, the demo's name is free again: a seeder that looked for the name rather than for any view would make a second.
            var spec = (await api.GetStringAsync($"/api/views/{view.Id}/spec")).Replace("\"Policy migration\"", "\"Policies, renamed\"");
            var saved = await api.PostAsync($"/api/views/{view.Id}/versions", new StringContent(spec, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        }

        await demo.RestartAsync(() => Task.CompletedTask);
        await demo.WaitUntilAsync(() => Task.FromResult(demo.App.Output.Contains("Demo view not created", StringComparison.Ordinal)),
            "The demo seeding did not finish");

        using var again = await WorkbenchClient.SignedInAsync(demo.App, Roles.Steward);
        var views = await again.GetFromJsonAsync<List<ViewRow>>("/api/views");
        Assert.Equal([("Policies, renamed", 2)], views!.Select(v => (v.Name, v.CurrentVersion)));
    }

    private async Task<List<ViewRow>> WaitForViewsAsync(HttpClient api, Func<List<ViewRow>, bool> ready)
    {
        var views = new List<ViewRow>();
        await demo.WaitUntilAsync(async () => ready(views = (await api.GetFromJsonAsync<List<ViewRow>>("/api/views"))!), "The demo view was not created");
        return views;
    }

    private sealed record ViewRow(Guid Id, string Name, int CurrentVersion);
}
