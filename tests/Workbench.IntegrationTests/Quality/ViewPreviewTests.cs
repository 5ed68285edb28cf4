using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Workbench.Engine.Quality.Model;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Workbench.Web.Sources.Demo;
using Xunit;

namespace Workbench.IntegrationTests.Quality;

/// <summary>Previews of stored views in the real workbench, over the demo's PostgreSQL table and the FAST API on loopback.</summary>
public sealed class ViewPreviewTests(DemoViewApp demo) : IClassFixture<DemoViewApp>
{
    [Fact]
    public async Task The_demo_view_previews_with_the_counts_of_the_demo_data_and_is_served_from_the_cache_next_time()
    {
        using var api = await WorkbenchClient.SignedInAsync(demo.App, Roles.Steward);

        var first = await PreviewAsync(api, demo.ViewId, "?fresh=true");
        var again = await PreviewAsync(api, demo.ViewId, "");

        Assert.False(first.GetProperty("cached").GetBoolean());
        Assert.True(again.GetProperty("cached").GetBoolean());
        Assert.Equal(first.GetProperty("runId").GetInt64(), again.GetProperty("runId").GetInt64());
        var report = QualityReport.FromJson(await api.GetStringAsync($"/api/quality/runs/{first.GetProperty("runId").GetInt64()}"));
        var (legacy, fast) = (report.Sources[0], report.Sources[1]);
        Assert.EndsWith("legacy.policies", legacy);
        Assert.Equal("streaming", report.Engine);
        Assert.Equal("the datasets live in more than one source", report.EngineReason);
        Assert.Equal(PresenceExpected(), (report.Presence[$"{legacy}+{fast}"], report.Presence[legacy], report.Presence[fast]));
        Assert.Equal(new Dictionary<string, long> { [legacy] = DemoPolicies.Legacy.Count, [fast] = DemoPolicies.Fast.Count }, report.RowsScanned);
        Assert.Equal(new DuplicateReport(DemoExpectations.LegacyDuplicates.Keys, DemoExpectations.LegacyDuplicates.ExtraRows), report.Duplicates[legacy]);

        var premium = report.Fields.Single(f => f.Name == "premium_amount");
        Assert.True(DemoExpectations.PremiumMismatches > 0);
        Assert.Equal(DemoExpectations.PremiumMismatches, premium.Mismatches);
        Assert.Equal(DemoExpectations.LegacyPremiumNulls, premium.BySource[legacy].Nulls);
        var dates = report.Fields.Single(f => f.Name == "effective_date");
        Assert.True(DemoExpectations.LegacyDateInvalid > 0 && DemoExpectations.LegacyDateNulls > 0);
        Assert.Equal((DemoExpectations.LegacyDateNulls, DemoExpectations.LegacyDateInvalid), (dates.BySource[legacy].Nulls, dates.BySource[legacy].Invalid));
        Assert.Equal(DemoExpectations.DateMismatches, dates.Mismatches);
        Assert.All(dates.InvalidByReason.Keys, reason => Assert.StartsWith("parse date", reason));
        Assert.Equal(0, report.Fields.Single(f => f.Name == "holder_name").Mismatches);
        Assert.All(report.RuleFailures, rule => Assert.Equal(0, rule.Failures));
        Assert.Contains(report.Issues, i => i.Kind == IssueKinds.Mismatch && i.Field == "premium_amount");
    }

    [Fact]
    public async Task A_fresh_preview_answers_with_the_key_changes_since_the_previous_run_and_the_issues_remaining()
    {
        using var api = await WorkbenchClient.SignedInAsync(demo.App, Roles.Steward);

        var first = await PreviewAsync(api, demo.ViewId, "?fresh=true");
        var again = await PreviewAsync(api, demo.ViewId, "?fresh=true");

        var changes = again.GetProperty("changes");
        Assert.Equal(first.GetProperty("runId").GetInt64(), changes.GetProperty("previousRunId").GetInt64());
        var issueCounts = again.GetProperty("summary").GetProperty("issueCounts").EnumerateObject().Sum(kind => kind.Value.GetInt64());
        Assert.True(issueCounts > 0);
        Assert.Equal(issueCounts, changes.GetProperty("remaining").GetInt64());
        foreach (var side in new[] { "gained", "lost" })
        {
            var count = changes.GetProperty(side + "Count").GetInt32();
            Assert.Equal(Math.Min(count, 100), changes.GetProperty(side).GetArrayLength());
            // The same data again: only a sample that stopped at its limit can name other keys.
            Assert.True(count == 0 || changes.GetProperty("fromSamples").GetBoolean(), $"{count} keys {side} with the same data");
        }
    }

    [Fact]
    public async Task A_view_naming_a_dataset_missing_from_the_catalog_becomes_a_failed_run_with_the_reason()
    {
        using var api = await WorkbenchClient.SignedInAsync(demo.App, Roles.Steward);
        var spec = await api.GetStringAsync($"/api/views/{demo.ViewId}/spec");
        var ghost = spec.Replace("\"Policy migration\"", "\"Ghost migration\"").Replace("FAST platform API.policies", "Retired FAST.policies");
        using var imported = await api.PostAsync("/api/views/import", new StringContent(ghost, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        var viewId = (await imported.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var response = await api.PostAsync($"/api/views/{viewId}/preview", null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var error = body.GetProperty("error").GetString()!;
        Assert.Equal((422, error), (body.GetProperty("status").GetInt32(), body.GetProperty("detail").GetString()));
        Assert.StartsWith("The dataset 'Retired FAST.policies' is not in the catalog", error);
        await using var db = new NpgsqlConnection(demo.App.ConnectionString);
        var run = await db.QuerySingleAsync<(string Status, string Error)>(
            "select status, error from quality_run where id = @id", new { id = body.GetProperty("runId").GetInt64() });
        Assert.Equal(("failed", error), run);
    }

    [Fact]
    public async Task Previewing_needs_a_steward_and_a_view_that_exists()
    {
        using var approver = await WorkbenchClient.SignedInAsync(demo.App, Roles.Approver);
        using var steward = await WorkbenchClient.SignedInAsync(demo.App, Roles.Steward);

        using var refused = await approver.PostAsync($"/api/views/{demo.ViewId}/preview", null);
        using var unknownView = await steward.PostAsync($"/api/views/{Guid.NewGuid()}/preview", null);
        using var unknownVersion = await steward.PostAsync($"/api/views/{demo.ViewId}/preview?version=99", null);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownView.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownVersion.StatusCode);
    }

    [Fact]
    public async Task The_command_line_previews_a_saved_view_by_name_through_the_store()
    {
        var program = RepoPaths.BuiltProgram("Workbench.Cli", "workbench");
        var info = new ProcessStartInfo(program, ["preview", "--view", "policy migration", "--fresh", "--issues", "5", "--store", demo.App.ConnectionString,
            "--master-key", Path.Combine(Path.GetDirectoryName(RepoPaths.BuiltProgram("Workbench.Web"))!, ".workbench", "master.key")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, await stderr);
        var report = QualityReport.FromJson(await stdout);
        Assert.Equal(PresenceExpected(), (report.Presence[string.Join('+', report.Sources)], report.Presence[report.Sources[0]], report.Presence[report.Sources[1]]));
        Assert.Equal(5, report.Issues.Count);
        Assert.Matches(@"run \d+ of view [0-9a-f-]{36} version 1, 5,\d{3} rows read in", await stderr);
    }

    [Fact]
    public async Task The_command_line_refuses_to_preview_without_the_web_apps_master_key_and_makes_none()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"workbench-no-key-{Guid.NewGuid():N}", "master.key");
        var info = new ProcessStartInfo(RepoPaths.BuiltProgram("Workbench.Cli", "workbench"),
            ["preview", "--view", "policy migration", "--store", demo.App.ConnectionString, "--master-key", missing])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment.Remove("WORKBENCH_MASTER_KEY");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains($"There is no master key at {missing}", await stderr);
        Assert.Equal("", await stdout);
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)), "the CLI created a key folder");
    }

    private static (long, long, long) PresenceExpected() => (DemoExpectations.InBoth, DemoExpectations.OnlyLegacy, DemoExpectations.OnlyFast);

    private static async Task<JsonElement> PreviewAsync(HttpClient api, Guid viewId, string query)
    {
        using var response = await api.PostAsync($"/api/views/{viewId}/preview{query}", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
