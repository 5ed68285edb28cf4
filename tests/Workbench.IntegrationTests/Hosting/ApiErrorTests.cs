using System.Net;
using System.Text;
using System.Text.Json;
using Workbench.IntegrationTests.Account;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Hosting;

/// <summary>Bad input to the HTTP API answers ProblemDetails JSON that names the problem, never an HTML page or a 500.</summary>
public sealed class ApiErrorTests(SignInAppFixture fixture) : IClassFixture<SignInAppFixture>
{
    private const string View = "00000000-0000-0000-0000-00000000e220";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    /// <summary>Asserts the answer is ProblemDetails with <paramref name="status"/>; its detail.</summary>
    private static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain("   at ", body);
        return problem.RootElement.GetProperty("detail").GetString()!;
    }

    [Fact]
    public async Task Malformed_JSON_answers_400_saying_the_body_is_not_JSON()
    {
        using var http = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);

        using var response = await http.PostAsync($"/api/views/{View}/versions/1/submit", Json("""{ "comment": "unfinished"""));

        Assert.Contains("as JSON", await ProblemAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task An_unknown_enum_value_answers_400_naming_the_field()
    {
        using var http = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);

        using var response = await http.PostAsync($"/api/views/{View}/versions/1/materialize",
            Json("""{ "schema": "public", "table": "out", "mode": "sideways" }"""));

        var detail = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("$.mode", detail);
        Assert.DoesNotContain("Workbench.", detail);
    }

    [Fact]
    public async Task A_query_parameter_of_the_wrong_type_answers_400_naming_it()
    {
        using var http = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);

        using var response = await http.GetAsync("/api/jobs?limit=many");

        var detail = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("limit", detail);
        Assert.Contains("many", detail);
    }

    [Fact]
    public async Task An_unknown_API_address_answers_a_404_problem_not_the_HTML_page()
    {
        using var http = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);

        using var response = await http.GetAsync("/api/no/such/thing");

        Assert.Contains("GET /api/no/such/thing", await ProblemAsync(response, HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task A_NUL_character_in_a_name_answers_400_naming_the_field()
    {
        using var http = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);
        var spec = """
            { "format": "workbench.view/1",
              "view": { "name": "Nul\u0000view", "datasets": [ { "name": "legacy.policies" } ],
                        "target": [ { "name": "policy_id", "type": "text", "required": true } ] } }
            """;

        using var response = await http.PostAsync("/api/views/import", Json(spec));

        Assert.Contains("'name'", await ProblemAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_NUL_character_in_a_search_answers_400_naming_the_parameter()
    {
        using var http = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);

        using var response = await http.GetAsync("/api/lineage/nodes?search=cust%00omer");

        Assert.Contains("'search'", await ProblemAsync(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task A_body_over_the_size_limit_answers_413()
    {
        var steward = await fixture.UserAsync("oversize", Roles.Steward);
        // Expect: 100-continue, as a careful client sends a large body: the server refuses before the body is sent,
        // instead of the client writing into a connection the server has closed.
        using var http = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromMinutes(1) })
        {
            BaseAddress = new Uri(fixture.App.BaseUrl),
        };
        http.DefaultRequestHeaders.Authorization = new("Bearer", await TestAccounts.CreateTokenAsync(fixture.App.ConnectionString, steward.Id));
        http.DefaultRequestHeaders.ExpectContinue = true;
        var oversize = "[" + new string(' ', 31 * 1024 * 1024) + "]";

        using var response = await http.PostAsync("/api/lineage", Json(oversize));

        Assert.Contains("too large", await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge));
    }
}
