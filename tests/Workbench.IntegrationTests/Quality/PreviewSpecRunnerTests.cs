using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workbench.Application;
using Workbench.Application.Quality;
using Workbench.Connectors.Files;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Spec;
using Xunit;

namespace Workbench.IntegrationTests.Quality;

/// <summary>
/// <c>workbench preview --spec</c> reads its sides through the app's connectors: a CSV file only inside the spec's
/// folder, an API only where the REST network policy allows, and the figures are those the spec's own readers gave.
/// </summary>
public sealed class PreviewSpecRunnerTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wb-spec-test-").FullName;
    private WebApplication? _api;
    private string _apiUrl = "";

    /// <summary>A CSV side: text as written, a duplicated key, an invalid number, a date that is not one.</summary>
    private const string LegacyCsv = """
        id,holder,premium,status,eff
        7,Ann,100.5,A,01/02/2020
        8,Bob,50,L,31/02/2020
        9,Cy,9.00,A,
        10,Dee,x,Z,05/05/2021
        11,Eve,4,A,06/06/2021
        11,Eve,5,A,07/06/2021
        13,,13,L,01/01/2022

        """;

    /// <summary>
    /// The API side, two records a page by cursor: keys and amounts as JSON numbers and as strings, booleans, an
    /// empty string, null, missing properties, an object and an array where text is expected.
    /// </summary>
    private static readonly string[] Pages =
    [
        """{ "data": [ {"pid": 7, "name": "Ann", "amount": 100.5, "flag": true, "eff": "2020-02-01"}, {"pid": 8, "name": "Bob ", "amount": "50", "flag": false, "eff": ""} ], "after": "2" }""",
        """{ "data": [ {"pid": "9", "name": "", "amount": 9, "flag": null, "eff": "2020-13-01"}, {"pid": 12.0, "name": "Fay", "amount": 20.005, "extra": {"a": 1}} ], "after": "4" }""",
        """{ "data": [ {"pid": 11, "name": "eve", "amount": -3.1, "flag": true}, {"pid": 14, "name": {"x": 1}, "amount": [1, 2], "eff": "2021-06-06"} ], "after": "6" }""",
        """{ "data": [ {"pid": 15, "name": "Gus", "amount": 0.0} ], "after": null }""",
    ];

    public async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "legacy.csv"), LegacyCsv);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _api = builder.Build();
        _api.MapGet("/policies", (string? cursor, int size) =>
            size == 2 ? Results.Text(Pages[(cursor is null ? 0 : int.Parse(cursor, CultureInfo.InvariantCulture)) / 2], "application/json") : Results.BadRequest());
        await _api.StartAsync();
        _apiUrl = _api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        if (_api is not null)
            await _api.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_csv_file_and_an_api_read_through_the_connectors_give_the_figures_of_the_specs_own_readers()
    {
        // Every figure below is what the spec's own CSV and API readers (before the connectors) reported for these rows.
        var report = await RunAsync(Spec(legacyCsv: "legacy.csv", api: $"{_apiUrl}/policies?size=2"));

        Assert.Equal("streaming", report.Engine);
        Assert.Equal(7, report.RowsScanned["legacy"]);
        Assert.Equal(7, report.RowsScanned["fast"]);
        Assert.Equal(9, report.Keys);
        Assert.Equal((2L, 3L, 4L), (report.Presence["legacy"], report.Presence["fast"], report.Presence["legacy+fast"]));
        var fields = report.Fields.ToDictionary(f => f.Name);
        Assert.Equal((2L, 0L, 1L), (fields["holder"].Nulls, fields["holder"].Invalid, fields["holder"].Mismatches));
        Assert.Equal((0L, 2L, 1L), (fields["premium"].Nulls, fields["premium"].Invalid, fields["premium"].Mismatches));
        Assert.Equal((1L, 1L), (fields["premium"].BySource["legacy"].Invalid, fields["premium"].BySource["fast"].Invalid));
        Assert.Equal((4L, 0L, 3L), (fields["status"].Nulls, fields["status"].Invalid, fields["status"].Mismatches));
        Assert.Equal((5L, 2L, 0L), (fields["eff"].Nulls, fields["eff"].Invalid, fields["eff"].Mismatches));
        Assert.Equal((1L, 1L), (report.Duplicates["legacy"].Keys, report.Duplicates["legacy"].ExtraRows));
        Assert.Equal(new long[] { 2, 1, 1 }, report.RuleFailures.Select(r => r.Failures));
        Assert.Equal(5, report.IssueCounts["presence"]);
        Assert.Equal(11, report.IssueCounts["null"]);
        Assert.Equal(4, report.IssueCounts["invalid"]);
        Assert.Equal(5, report.IssueCounts["mismatch"]);
        // A JSON true is the text "true", as a CSV file writes it: upper-cased it disagrees with legacy's "A".
        var status = Assert.Single(report.Issues, i => i.Key == "7" && i.Kind == "mismatch" && i.Field == "status");
        Assert.Equal("TRUE", status.Values["fast"]);
    }

    [Fact]
    public async Task An_api_side_at_the_cloud_metadata_address_is_refused_before_anything_is_sent()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => RunAsync(Spec(legacyCsv: "legacy.csv", api: "http://169.254.169.254/latest/meta-data/")));

        Assert.Contains("Page 1 of 'fast'", error.Message);
        Assert.Contains("169.254.169.254 is in the refused network 169.254.0.0/16", error.Message);
        Assert.Contains("Nothing was sent", error.Message);
    }

    [Fact]
    public async Task An_api_side_follows_the_configured_network_policy()
    {
        var settings = new Dictionary<string, string?> { ["Sources:Rest:RefusedNetworks:0"] = "127.0.0.0/8" };

        var error = await Assert.ThrowsAnyAsync<Exception>(() => RunAsync(Spec(legacyCsv: "legacy.csv", api: $"{_apiUrl}/policies?size=2"), settings));

        Assert.Contains("is in the refused network 127.0.0.0/8", error.Message);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    public async Task A_csv_side_outside_the_specs_folder_is_refused(string path)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => RunAsync(Spec(legacyCsv: path, api: $"{_apiUrl}/policies?size=2")));

        Assert.Contains("Source 'legacy'", error.Message);
        Assert.Contains("outside", error.Message);
        Assert.DoesNotContain("root", error.Message);
    }

    [Fact]
    public async Task A_missing_csv_column_is_named()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            RunAsync(Spec(legacyCsv: "legacy.csv", api: $"{_apiUrl}/policies?size=2").Replace("\"column\": \"premium\"", "\"column\": \"premiumAmount\"", StringComparison.Ordinal)));

        Assert.Contains("CSV file legacy.csv", error.Message);
        Assert.Contains("'premiumAmount'", error.Message);
    }

    private async Task<QualityReport> RunAsync(string spec, Dictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(new FileSourceRoots([_folder]));
        services.AddSourceConnectors(new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build());
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<PreviewSpecRunner>().RunAsync(PreviewSpec.Parse(spec), progress: null, CancellationToken.None);
    }

    private static string Spec(string legacyCsv, string api) => $$"""
        { "engine": "auto",
          "sides": [
            { "name": "legacy", "csv": "{{legacyCsv}}", "key": ["id"], "fields": [
              { "target": "holder", "expression": { "column": "holder", "kind": "trim" } },
              { "target": "premium", "expression": { "column": "premium", "kind": "number" } },
              { "target": "status", "expression": { "column": "status" } },
              { "target": "eff", "expression": { "column": "eff", "kind": "date", "formats": ["dd/MM/yyyy"] } } ] },
            { "name": "fast", "api": "{{api}}", "records": "data", "cursor": "after", "key": ["pid"], "fields": [
              { "target": "holder", "expression": { "column": "name" } },
              { "target": "premium", "expression": { "column": "amount", "kind": "number" } },
              { "target": "status", "expression": { "column": "flag", "kind": "upper" } },
              { "target": "eff", "expression": { "column": "eff", "kind": "date", "formats": ["yyyy-MM-dd"] } } ] }
          ],
          "fields": [ { "name": "holder" }, { "name": "premium", "tolerance": 0.01 }, { "name": "status" }, { "name": "eff" } ],
          "rules": [ { "field": "premium", "kind": "notNull" }, { "field": "holder", "kind": "pattern", "pattern": "^[A-Z]" },
                     { "field": "status", "kind": "inSet", "values": ["A", "L", "TRUE"] } ],
          "options": { "issueSampleLimit": 100 } }
        """;
}
