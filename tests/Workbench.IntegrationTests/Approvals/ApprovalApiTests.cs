using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Approvals;

/// <summary>One workbench process for the class: starting it is the slow part.</summary>
public sealed class ApprovalAppFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public WorkbenchProcess App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await TestPostgres.CreateDatabaseAsync("approvalapi");
        App = await WorkbenchProcess.StartAsync(ConnectionString);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The approval endpoints of the real workbench program, called with API tokens.</summary>
public sealed class ApprovalApiTests(ApprovalAppFixture fixture) : IClassFixture<ApprovalAppFixture>
{
    private readonly WorkbenchProcess _app = fixture.App;

    private static string Spec(string name) => $$"""
        { "format": "workbench.view/1",
          "view": { "name": "{{name}}", "datasets": [ { "name": "legacy.policies" }, { "name": "fast.policies" } ],
                    "target": [ { "name": "policy_id", "type": "text", "required": true } ] } }
        """;

    private static async Task<Guid> ImportAsync(HttpClient http, string name)
    {
        using var response = await http.PostAsync("/api/views/import", new StringContent(Spec(name), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetGuid();
    }

    private static Task<HttpResponseMessage> ActAsync(HttpClient http, Guid viewId, string action, string? comment = null) =>
        http.PostAsJsonAsync($"/api/views/{viewId}/versions/1/{action}", new { comment });

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task A_steward_submits_the_same_user_as_approver_gets_403_and_another_approver_approves()
    {
        var alice = await TestAccounts.CreateAsync(fixture.ConnectionString, TestAccounts.UniqueName("alice"), null, Roles.Steward, Roles.Approver);
        using var aliceHttp = await WorkbenchClient.SignedInAsync(_app, alice);
        using var bobHttp = await WorkbenchClient.SignedInAsync(_app, Roles.Approver);
        var viewId = await ImportAsync(aliceHttp, "Api approval " + alice.UserName);

        using var submit = await ActAsync(aliceHttp, viewId, "submit", "Please review");
        using var self = await ActAsync(aliceHttp, viewId, "approve");
        using var pending = await aliceHttp.GetAsync("/api/approvals");
        using var approve = await ActAsync(bobHttp, viewId, "approve", "Fine");
        using var again = await ActAsync(bobHttp, viewId, "approve");

        Assert.Equal(HttpStatusCode.OK, submit.StatusCode);
        Assert.Equal("submitted", (await JsonAsync(submit)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, self.StatusCode);
        var refusal = await JsonAsync(self);
        Assert.Equal("self-approval", refusal.GetProperty("reason").GetString());
        Assert.Contains("Self-approval refused", refusal.GetProperty("error").GetString());
        var waiting = (await JsonAsync(pending)).EnumerateArray().Single(p => p.GetProperty("viewId").GetGuid() == viewId);
        Assert.Equal((alice.UserName, 1), (waiting.GetProperty("author").GetString(), waiting.GetProperty("version").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, approve.StatusCode);
        Assert.Equal("approved", (await JsonAsync(approve)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("wrong-state", (await JsonAsync(again)).GetProperty("reason").GetString());
        var audit = await AuditRows.OfActorAsync(fixture.ConnectionString, alice.UserName);
        Assert.Contains(audit, r => r.Action == "approval.approve" && r.Outcome == "denied" && r.EntityId == viewId.ToString());
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        Assert.Equal("approved", await connection.ExecuteScalarAsync<string>(
            "select status from view_version where view_id = @viewId and version = 1", new { viewId }));
    }

    [Fact]
    public async Task Roles_are_required_a_rejection_needs_a_comment_and_anonymous_calls_get_401()
    {
        using var steward = await WorkbenchClient.SignedInAsync(_app, Roles.Steward);
        using var approver = await WorkbenchClient.SignedInAsync(_app, Roles.Approver);
        using var anonymous = WorkbenchClient.Anonymous(_app);
        var viewId = await ImportAsync(steward, "Api roles " + Guid.NewGuid().ToString("N")[..8]);

        using var approverSubmits = await ActAsync(approver, viewId, "submit");
        using var submit = await ActAsync(steward, viewId, "submit");
        using var stewardApproves = await ActAsync(steward, viewId, "approve");
        using var anonymousApproves = await ActAsync(anonymous, viewId, "approve");
        using var anonymousList = await anonymous.GetAsync("/api/approvals");
        using var bareReject = await ActAsync(approver, viewId, "reject");
        using var reject = await ActAsync(approver, viewId, "reject", "Map the premium as well");
        using var withdrawWithoutBody = await steward.PostAsync($"/api/views/{viewId}/versions/1/withdraw", null);
        using var unknown = await approver.PostAsJsonAsync($"/api/views/{Guid.NewGuid()}/versions/1/approve", new { comment = (string?)null });

        Assert.Equal(HttpStatusCode.Forbidden, approverSubmits.StatusCode);
        Assert.Equal(HttpStatusCode.OK, submit.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, stewardApproves.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousApproves.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousList.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bareReject.StatusCode);
        Assert.Contains("needs a comment", (await JsonAsync(bareReject)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);
        Assert.Equal("rejected", (await JsonAsync(reject)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, withdrawWithoutBody.StatusCode);
        Assert.Contains("is rejected", (await JsonAsync(withdrawWithoutBody)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
