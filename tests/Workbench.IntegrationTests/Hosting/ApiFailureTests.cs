using System.Net;
using System.Text.Json;
using Npgsql;
using Workbench.IntegrationTests.Account;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Hosting;

/// <summary>
/// A failure of the server inside an API endpoint answers a 500 problem that says only that it failed: the exception's
/// message, type and stack stay in the server's log. The app runs on a store of its own, whose table this test removes.
/// </summary>
public sealed class ApiFailureTests(SignInAppFixture fixture) : IClassFixture<SignInAppFixture>
{
    [Fact]
    public async Task An_unhandled_exception_answers_a_500_problem_without_the_exception()
    {
        using var http = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);
        await using (var db = new NpgsqlConnection(fixture.App.ConnectionString))
        {
            await db.OpenAsync();
            await using var rename = new NpgsqlCommand("alter table quality_run rename to quality_run_gone", db);
            await rename.ExecuteNonQueryAsync();
        }

        using var response = await http.GetAsync("/api/quality/runs/1");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.InternalServerError, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(500, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("server's log", problem.RootElement.GetProperty("detail").GetString());
        Assert.DoesNotContain("quality_run", body);
        Assert.DoesNotContain("42P01", body);
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain("   at ", body);
        // The details are in the log (written a moment later, by the console logger's queue).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!fixture.App.Output.Contains("quality_run", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.Contains("quality_run", fixture.App.Output);
    }
}
