using System.Net;
using Npgsql;
using Workbench.Engine.Quality.Model;
using Workbench.IntegrationTests.Account;
using Workbench.Application.Accounts;
using Workbench.Application.Audit;
using Workbench.Application.Quality;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Quality;

/// <summary>Both CSV downloads guard cells a spreadsheet would run: = + - @ and, once trimmed, a leading TAB or carriage return.</summary>
public sealed class CsvFormulaGuardTests(SignInAppFixture fixture) : IClassFixture<SignInAppFixture>
{
    [Fact]
    public async Task Issue_cells_starting_with_a_tab_or_a_carriage_return_come_out_as_text()
    {
        var runId = await StoredRunAsync(new IssueRow("\t=1+1", IssueKinds.Mismatch, "premium", "\r=2+2", "both",
            new Dictionary<string, string?> { ["legacy"] = "\t@SUM(1)", ["fast"] = "-5" }));
        using var client = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);

        using var response = await client.GetAsync($"/api/quality/runs/{runId}/issues.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = (await response.Content.ReadAsStringAsync()).Split("\r\n")[1];
        // The run's view is not in the store, so every value comes masked (docs/privacy.md); a mask keeps the leading
        // characters a spreadsheet would run, and the guard still catches them.
        Assert.StartsWith("'\t=9+9 #", row, StringComparison.Ordinal);
        Assert.Contains(",mismatch,premium,both,\"'\r=2+2\",'\t@AAA(9) #", row, StringComparison.Ordinal);
        Assert.Contains(",'-9 #", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_cells_starting_with_a_tab_or_a_carriage_return_come_out_as_text()
    {
        var admin = await fixture.UserAsync("guard", Roles.Admin);
        // Sign-in trims the typed name, so the rows are written as any other feature writes them, with such an actor.
        await using (var dataSource = NpgsqlDataSource.Create(fixture.App.ConnectionString))
            foreach (var actor in new[] { "\t=3+3", "\r=4+4" })
                await new AuditLog(dataSource, new SystemActor(actor)).RecordAsync(new AuditEntry("account.sign-in", "account", Outcome: AuditOutcome.Failed));
        using var client = await WorkbenchClient.SignedInAsync(fixture.App, admin);

        var csv = await client.GetStringAsync("/audit/export.csv?action=account.sign-in&actor=%3D");

        Assert.Contains(",'\t=3+3,account.sign-in,", csv);
        Assert.Contains(",\"'\r=4+4\",account.sign-in,", csv);
    }

    private async Task<long> StoredRunAsync(IssueRow issue)
    {
        await using var dataSource = NpgsqlDataSource.Create(fixture.App.ConnectionString);
        var store = new QualityRunStore(dataSource);
        var runId = await store.StartAsync(Guid.NewGuid(), 1, new Dictionary<string, string> { ["legacy"] = "rows=1" }, "guard");
        await store.CompleteAsync(runId, QualityReports.Assemble("streaming", ["legacy", "fast"], [0, 0, 0, 1], [], [0, 0], [0, 0], [0, 0], [],
            [1, 1], 1, false, [issue]));
        return runId;
    }
}
