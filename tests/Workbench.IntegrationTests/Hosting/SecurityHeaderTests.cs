using System.Net;
using Workbench.IntegrationTests.Account;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Hosting;

/// <summary>Every kind of response carries the content security policy and its companions.</summary>
public sealed class SecurityHeaderTests(SignInAppFixture fixture) : IClassFixture<SignInAppFixture>
{
    public static TheoryData<string, HttpStatusCode> Responses => new()
    {
        { "/account/sign-in", HttpStatusCode.OK },
        { "/api/me", HttpStatusCode.OK },
        { "/openapi/v1.json", HttpStatusCode.OK },
        { "/app.css", HttpStatusCode.OK },
        { "/api/no/such/thing", HttpStatusCode.NotFound },
        { "/no/such/page", HttpStatusCode.NotFound },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task A_response_carries_the_security_headers(string path, HttpStatusCode status)
    {
        using var http = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);

        using var response = await http.GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }
}
