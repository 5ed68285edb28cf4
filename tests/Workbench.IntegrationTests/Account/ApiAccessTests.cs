using System.Net;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Account;

/// <summary>Every HTTP API endpoint of the workbench, checked for sign-in and for its role on the server.</summary>
public sealed class ApiAccessTests(SignInAppFixture fixture) : IClassFixture<SignInAppFixture>
{
    private const string View = "00000000-0000-0000-0000-00000000a11e";

    public static TheoryData<string, string> Endpoints() => new()
    {
        { "GET", "/api/me" },
        { "GET", "/api/views" },
        { "GET", $"/api/views/{View}/spec" },
        { "POST", "/api/views/import" },
        { "POST", $"/api/views/{View}/preview" },
        { "POST", $"/api/views/{View}/versions/1/submit" },
        { "POST", $"/api/views/{View}/versions/1/withdraw" },
        { "POST", $"/api/views/{View}/versions/1/approve" },
        { "POST", $"/api/views/{View}/versions/1/reject" },
        { "POST", $"/api/views/{View}/versions/1/materialize" },
        { "GET", "/api/approvals" },
        { "GET", "/api/quality/runs/1" },
        { "GET", "/api/quality/runs/1/issues.csv" },
        { "GET", "/api/jobs" },
        { "GET", "/api/jobs/1" },
        { "POST", "/api/jobs/1/cancel" },
        { "POST", "/api/jobs/1/retry" },
        { "DELETE", "/api/jobs/1" },
        { "GET", "/api/lineage/nodes" },
        { "GET", "/api/lineage/nodes/1" },
        { "GET", "/api/lineage/nodes/1/upstream" },
        { "GET", "/api/lineage/nodes/1/downstream" },
        { "GET", "/api/lineage/nodes/1/impact" },
        { "GET", "/api/lineage/runs/00000000-0000-0000-0000-000000000001/openlineage" },
        { "GET", "/api/lineage/openlineage" },
        { "POST", "/api/lineage" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task An_anonymous_caller_gets_401(string method, string path)
    {
        using var client = WorkbenchClient.Anonymous(fixture.App);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_audit_download_sends_an_anonymous_browser_to_sign_in()
    {
        using var client = WorkbenchClient.Anonymous(fixture.App);

        using var response = await client.GetAsync("/audit/export.csv");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in", response.Headers.Location!.PathAndQuery);
    }

    /// <summary>A 403 also proves the route exists: an unknown one answers 404 to a signed-in caller.</summary>
    [Theory]
    [InlineData("POST", "/api/views/import", Roles.Approver)]
    [InlineData("POST", $"/api/views/{View}/preview", Roles.Approver)]
    [InlineData("POST", $"/api/views/{View}/versions/1/submit", Roles.Approver)]
    [InlineData("POST", $"/api/views/{View}/versions/1/materialize", Roles.Approver)]
    [InlineData("POST", $"/api/views/{View}/versions/1/approve", Roles.Steward)]
    [InlineData("POST", $"/api/views/{View}/versions/1/reject", Roles.Steward)]
    [InlineData("POST", "/api/jobs/1/cancel", Roles.Approver)]
    [InlineData("DELETE", "/api/jobs/1", Roles.Approver)]
    [InlineData("POST", "/api/lineage", Roles.Approver)]
    [InlineData("GET", "/audit/export.csv", Roles.Steward)]
    public async Task A_caller_without_the_role_gets_403(string method, string path, string role)
    {
        using var client = await WorkbenchClient.SignedInAsync(fixture.App, role);

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
