using System.Net;
using System.Text;
using System.Text.Json;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Account;

/// <summary>
/// Another site can make a signed-in browser send its cookie with a request to the API; such a request changes
/// nothing unless it carries the page's antiforgery token. API tokens are not sent by browsers, so they pass.
/// </summary>
public sealed class ApiCsrfTests(SignInAppFixture fixture) : IClassFixture<SignInAppFixture>
{
    private const string ForeignOrigin = "https://evil.example";

    private static string RunEvent() => $$"""
        { "eventType": "COMPLETE", "eventTime": "2026-11-20T10:00:00Z",
          "run": { "runId": "{{Guid.NewGuid()}}" }, "job": { "namespace": "csrf", "name": "forged" },
          "inputs": [], "outputs": [ { "namespace": "csrf", "name": "forged.output" } ],
          "producer": "https://evil.example/", "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent" }
        """;

    private static HttpRequestMessage LineagePost(string? origin, string? token)
    {
        // text/plain: what a cross-site page can send without a preflight.
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/lineage") { Content = new StringContent(RunEvent(), Encoding.UTF8, "text/plain") };
        if (origin is not null)
            request.Headers.Add("Origin", origin);
        if (token is not null)
            request.Headers.Add("RequestVerificationToken", token);
        return request;
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string reason)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(reason, problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_cookie_signed_in_post_without_the_antiforgery_token_is_refused()
    {
        var steward = await fixture.UserAsync("csrf", Roles.Steward);
        using var browser = await CookieSignIn.SignedInClientAsync(fixture.App, steward);

        using var response = await browser.SendAsync(LineagePost(origin: null, token: null));

        await AssertRefusedAsync(response, "antiforgery token");
    }

    [Fact]
    public async Task A_cookie_signed_in_post_from_another_origin_is_refused_even_with_a_token()
    {
        var steward = await fixture.UserAsync("csrf-origin", Roles.Steward);
        using var browser = await CookieSignIn.SignedInClientAsync(fixture.App, steward);
        var token = await CookieSignIn.AntiforgeryTokenAsync(browser, "/sources");

        using var response = await browser.SendAsync(LineagePost(ForeignOrigin, token));

        await AssertRefusedAsync(response, ForeignOrigin);
    }

    [Fact]
    public async Task A_cross_site_form_post_to_a_preview_is_refused()
    {
        var steward = await fixture.UserAsync("csrf-form", Roles.Steward);
        using var browser = await CookieSignIn.SignedInClientAsync(fixture.App, steward);
        using var form = new HttpRequestMessage(HttpMethod.Post, "/api/views/00000000-0000-0000-0000-00000000c5f0/preview?fresh=true")
        {
            Content = new FormUrlEncodedContent([new("anything", "1")]),
        };

        using var response = await browser.SendAsync(form);

        await AssertRefusedAsync(response, "antiforgery token");
    }

    [Fact]
    public async Task The_page_token_from_the_same_origin_lets_a_cookie_signed_in_post_through()
    {
        var steward = await fixture.UserAsync("csrf-page", Roles.Steward);
        using var browser = await CookieSignIn.SignedInClientAsync(fixture.App, steward);
        var token = await CookieSignIn.AntiforgeryTokenAsync(browser, "/sources");

        using var response = await browser.SendAsync(LineagePost(fixture.App.BaseUrl, token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_bearer_token_post_needs_no_antiforgery_token()
    {
        using var api = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);

        using var response = await api.SendAsync(LineagePost(ForeignOrigin, token: null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
