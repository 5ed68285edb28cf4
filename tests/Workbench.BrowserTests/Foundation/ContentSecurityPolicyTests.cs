using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using Workbench.BrowserTests.Infrastructure;
using Workbench.Core.Lineage.OpenLineage;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.BrowserTests.Foundation;

/// <summary>
/// Under the content security policy every main page still starts its circuit and draws what it draws (the mapping
/// canvas, the lineage graph), and the browser reports no violation of the policy.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(BrowserFixture browser)
{
    // Runs before the page's own scripts; the browser fires the event for every blocked script, style, frame or connection.
    private const string ViolationRecorder = """
        window.cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
          window.cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} in ${e.sourceFile}:${e.lineNumber}`));
        """;

    public static TheoryData<string, string> Pages => new()
    {
        { "/", "Overview" },
        { "/sources", "Sources" },
        { "/views", "Views & Mapping" },
        { "/quality", "Quality" },
        { "/approvals", "Approvals" },
        { "/jobs", "Jobs" },
        { "/lineage", "Lineage" },
        { "/audit", "Audit" },
        { "/admin/users", "Users" },
    };

    /// <summary>Nothing the page did was blocked, and the policy is in force: an injected inline script is.</summary>
    private static async Task AssertNoViolationsAsync(BrowserSession session)
    {
        Assert.Empty(await session.Page.EvaluateAsync<string[]>("() => window.cspViolations"));
        Assert.DoesNotContain(session.ConsoleErrors, line => line.Contains("Content Security Policy"));

        await session.Page.EvaluateAsync("""
            () => { const s = document.createElement('script'); s.textContent = 'window.injectedRan = true'; document.body.appendChild(s); }
            """);
        await session.Page.WaitForFunctionAsync("() => window.cspViolations.length > 0");
        Assert.False(await session.Page.EvaluateAsync<bool>("() => window.injectedRan === true"), "An inline script ran: the policy is not in force.");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public Task A_main_page_starts_its_circuit_without_a_policy_violation(string path, string heading) =>
        browser.RunAsync($"csp-{heading.Replace(' ', '-').Replace("&", "and")}", async session =>
        {
            await session.Page.AddInitScriptAsync(ViolationRecorder);

            await session.GotoAsync(path);

            await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
            Assert.True(await session.Page.EvaluateAsync<bool>("() => window.mudElementRef !== undefined"), "MudBlazor's script did not run.");
            await AssertNoViolationsAsync(session);
        });

    [Fact]
    public Task The_mapping_canvas_draws_under_the_policy() =>
        browser.RunAsync("csp-mapping-canvas", async session =>
        {
            using var http = await WorkbenchClient.SignedInAsync(browser.App, Roles.Steward);
            var spec = $$"""
                { "format": "workbench.view/1",
                  "view": { "name": "Policy view {{Guid.NewGuid():N}}", "datasets": [ { "name": "legacy.policies" } ],
                            "target": [ { "name": "policy_id", "type": "text", "required": true } ] } }
                """;
            using var imported = await http.PostAsync("/api/views/import", new StringContent(spec, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
            var view = await imported.Content.ReadFromJsonAsync<ImportedView>();
            await session.Page.AddInitScriptAsync(ViolationRecorder);

            await session.GotoAsync($"/views/{view!.Id}");

            await Expect(session.Page.GetByTestId("target-policy_id")).ToBeVisibleAsync();
            await AssertNoViolationsAsync(session);
        });

    [Fact]
    public Task The_lineage_graph_draws_under_the_policy() =>
        browser.RunAsync("csp-lineage-graph", async session =>
        {
            using var http = await WorkbenchClient.SignedInAsync(browser.App, Roles.Steward);
            var output = $"public.csp_{Guid.NewGuid():N}";
            var runEvent = $$"""
                { "eventType": "COMPLETE", "eventTime": "2026-11-20T10:00:00Z",
                  "run": { "runId": "{{Guid.NewGuid()}}" }, "job": { "namespace": "csp", "name": "load" },
                  "inputs": [ { "namespace": "s3://raw", "name": "customers.csv" } ],
                  "outputs": [ { "namespace": "postgres://dwh:5432", "name": "{{output}}" } ],
                  "producer": "https://csp.example/", "schemaURL": "{{OpenLineageSpec.RunEventSchema}}" }
                """;
            using var posted = await http.PostAsync("/api/lineage", new StringContent(runEvent, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
            var nodes = await http.GetFromJsonAsync<List<FoundNode>>($"/api/lineage/nodes?search={output}");
            await session.Page.AddInitScriptAsync(ViolationRecorder);

            await session.GotoAsync($"/lineage?node={nodes!.First().Id}&level=dataset");

            await session.Page.WaitForFunctionAsync(
                "() => document.querySelector('[data-testid=lineage-graph]')?.lineageGraph?.nodes().length > 0");
            await AssertNoViolationsAsync(session);
        });

    private sealed record ImportedView(Guid Id);

    private sealed record FoundNode(long Id);
}
