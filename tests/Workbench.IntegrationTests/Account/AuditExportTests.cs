using System.Net;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Account;

public sealed class AuditExportTests(SignInAppFixture fixture) : IClassFixture<SignInAppFixture>
{
    [Fact]
    public async Task The_export_streams_the_filtered_rows_as_CSV_and_is_audited_itself()
    {
        var admin = await fixture.UserAsync("exporter", Roles.Admin);
        var target = await fixture.UserAsync("target", Roles.Steward);
        using (var browser = CookieSignIn.NewClient(fixture.App))
            await CookieSignIn.PostAsync(browser, "=1+1", "a formula for a name", await CookieSignIn.AntiforgeryTokenAsync(browser));
        using var client = await WorkbenchClient.SignedInAsync(fixture.App, admin);

        using var filtered = await client.GetAsync($"/audit/export.csv?action=account.create&entity={target.Id}");
        using var response = await client.GetAsync("/audit/export.csv?action=account.sign-in");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,occurred_at,actor,action,entity_kind,entity_id", lines[0]);
        var signIn = Assert.Single(lines.Skip(1));
        Assert.Contains(",'=1+1,account.sign-in,account,,,failed,", signIn);
        var only = (await filtered.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($",{TestAccounts.Actor},account.create,account,{target.Id},", Assert.Single(only.Skip(1)));
        var exports = (await AuditRows.OfActorAsync(fixture.App.ConnectionString, admin.UserName)).Where(r => r.Action == "audit.export");
        Assert.Equal(["ok", "ok"], exports.Select(r => r.Outcome));
    }
}
