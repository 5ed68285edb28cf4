using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Workbench.Application.Accounts;
using Workbench.Core.Mapping;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Sources;

/// <summary><c>POST /api/views</c> and <c>POST /api/views/{id}/versions</c>: the saves of the views page and the canvas, with their refusals.</summary>
public sealed class ViewAuthoringApiTests(SourceApiApp fixture) : IClassFixture<SourceApiApp>
{
    private static StringContent Spec(string name, string? description = null) =>
        new(ViewSpecJson.Serialize(ViewSpec.Empty(name) with { Description = description }), Encoding.UTF8, "application/json");

    [Fact]
    public async Task A_view_is_created_and_versioned_and_a_taken_name_or_a_stale_version_is_a_409_that_says_why()
    {
        using var steward = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);

        var created = await steward.PostAsync("/api/views", Spec("Hand made"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var viewId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("viewId").GetGuid();
        var taken = await steward.PostAsync("/api/views", Spec("Hand made"));
        var second = await steward.PostAsync($"/api/views/{viewId}/versions?expectedVersion=1", Spec("Hand made", "second"));
        var stale = await steward.PostAsync($"/api/views/{viewId}/versions?expectedVersion=1", Spec("Hand made", "stale"));
        var next = await steward.PostAsync($"/api/views/{viewId}/versions", Spec("Hand made", "third"));

        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal("name-taken", (await taken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        Assert.Equal(2, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.StartsWith("Version 2 was saved by ", (await stale.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(3, (await next.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());
        var versions = await steward.GetFromJsonAsync<JsonElement>($"/api/views/{viewId}/versions");
        Assert.Equal([(3, "draft"), (2, "draft"), (1, "draft")],
            versions.EnumerateArray().Select(v => (v.GetProperty("version").GetInt32(), v.GetProperty("status").GetString())));
        Assert.Contains("\"description\": \"third\"", await steward.GetStringAsync($"/api/views/{viewId}/spec"));
    }

    [Fact]
    public async Task A_body_that_is_no_spec_an_unknown_view_and_a_caller_without_the_steward_role_are_refused()
    {
        using var steward = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);
        using var approver = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Approver);
        var missing = Guid.NewGuid();

        var notSpec = await steward.PostAsync("/api/views", new StringContent("{\"hello\": 1}", Encoding.UTF8, "application/json"));
        var unknown = await steward.PostAsync($"/api/views/{missing}/versions", Spec("Nowhere"));
        var forbidden = await approver.PostAsync("/api/views", Spec("Not mine"));

        Assert.Equal(HttpStatusCode.BadRequest, notSpec.StatusCode);
        Assert.Equal("invalid", (await notSpec.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal($"No view {missing}.", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.DoesNotContain("Not mine", await steward.GetStringAsync("/api/views"));
    }
}
