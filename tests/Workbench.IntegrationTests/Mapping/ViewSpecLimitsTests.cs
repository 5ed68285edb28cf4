using System.Net;
using System.Text;
using Workbench.Core.Mapping;
using Workbench.Core.Schema;
using Workbench.IntegrationTests.Account;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Mapping;

/// <summary>Every saved view keeps a bounded name and target fields that differ ignoring case; an import that does not is refused with 400.</summary>
public sealed class ViewSpecLimitsTests(SignInAppFixture fixture) : IClassFixture<SignInAppFixture>
{
    [Fact]
    public async Task A_view_name_over_200_characters_is_refused_and_audited_and_200_are_accepted()
    {
        var steward = await fixture.UserAsync("long-name", Roles.Steward);
        using var client = await WorkbenchClient.SignedInAsync(fixture.App, steward);

        using var tooLong = await ImportAsync(client, Spec(new string('L', 201), "policy_id"));
        using var longest = await ImportAsync(client, Spec(new string('M', 200), "policy_id"));

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("The view name is 201 characters long; at most 200 are allowed.", await tooLong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Created, longest.StatusCode);
        Assert.DoesNotContain(new string('L', 201), await client.GetStringAsync("/api/views"));
        Assert.Contains(await AuditRows.OfActorAsync(fixture.App.ConnectionString, steward.UserName), r => r is { Action: "view.create", Outcome: "denied" });
    }

    [Fact]
    public async Task Target_fields_that_differ_only_in_case_are_refused_naming_them()
    {
        using var client = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);

        using var clash = await ImportAsync(client, Spec("Case clash", "premium", "Premium"));
        using var twice = await ImportAsync(client, Spec("Defined twice", "premium", "premium"));

        Assert.Equal(HttpStatusCode.BadRequest, clash.StatusCode);
        Assert.Contains("Target fields premium and Premium differ only in case", await clash.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, twice.StatusCode);
        Assert.Contains("Target field premium is defined 2 times", await twice.Content.ReadAsStringAsync());
        var views = await client.GetStringAsync("/api/views");
        Assert.DoesNotContain("Case clash", views);
        Assert.DoesNotContain("Defined twice", views);
    }

    private static ViewSpec Spec(string name, params string[] targets) => ViewSpec.Empty(name) with
    {
        Datasets = [new("legacy.policies"), new("fast.policies")],
        Target = targets.Select(t => new TargetField(t, FieldType.Text)).ToList(),
    };

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, ViewSpec spec) =>
        client.PostAsync("/api/views/import", new StringContent(ViewSpecJson.Serialize(spec), Encoding.UTF8, "application/json"));
}
