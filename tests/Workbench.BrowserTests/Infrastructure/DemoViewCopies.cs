using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Npgsql;
using Workbench.Core.Mapping;
using Workbench.Core.Schema;
using Workbench.Core.Sources;
using Workbench.Testing;

namespace Workbench.BrowserTests.Infrastructure;

/// <summary>
/// Copies of the demo view under a name of a test's own, so a test can preview, approve or materialize one without
/// changing what other tests see of the demo view itself (its preview cache above all).
/// </summary>
public static class DemoViewCopies
{
    /// <summary>Imports the demo view's spec under <paramref name="name"/> through the API and returns its id.</summary>
    public static async Task<Guid> CopyOfDemoViewAsync(this BrowserFixture browser, string name)
    {
        var spec = DemoView.Build(await DemoDatasetsAsync(browser)) ?? throw new InvalidOperationException("The demo datasets are not in the catalog.");
        using var client = await WorkbenchClient.SignedInAsync(browser.App);
        var response = await client.PostAsync("/api/views/import", new StringContent(ViewSpecJson.Serialize(spec with { Name = name })));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>The demo's datasets as the store lists them, once the app has discovered both the table and the API.</summary>
    private static async Task<IReadOnlyList<DatasetDescriptor>> DemoDatasetsAsync(BrowserFixture browser)
    {
        await using var connection = new NpgsqlConnection(browser.DatabaseConnectionString);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var rows = (await connection.QueryAsync<(Guid Id, Guid SourceId, string Source, string Name, string Fields)>("""
                select d.id, d.source_id, s.name, d.name, d.fields::text from source_dataset d join source s on s.id = d.source_id
                """)).ToList();
            var datasets = rows.Select(r => new DatasetDescriptor(r.Id, r.SourceId, r.Source, r.Name,
                JsonDocument.Parse(r.Fields).RootElement.EnumerateArray()
                    .Select(f => new FieldSchema(f.GetProperty("name").GetString()!, FieldType.Text)).ToList())).ToList();
            if (DemoView.Build(datasets) is not null || DateTime.UtcNow > deadline)
                return datasets;
            await Task.Delay(200);
        }
    }
}
