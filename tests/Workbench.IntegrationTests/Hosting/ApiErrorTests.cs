using System.Net;
using System.Text;
using System.Text.Json;
using Workbench.IntegrationTests.Account;
using Workbench.Application.Accounts;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Hosting;

/// <summary>
/// Every error of the HTTP API answers ProblemDetails JSON (<c>application/problem+json</c>) with its status and a detail
/// that names the problem, never an HTML page, a redirect or a stack trace; pages keep their HTML error pages.
/// </summary>
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

    [Fact]
    public async Task A_caller_without_a_sign_in_or_with_an_unknown_token_answers_401()
    {
        using var anonymous = WorkbenchClient.Anonymous(fixture.App);
        using var unknown = WorkbenchClient.Anonymous(fixture.App);
        unknown.DefaultRequestHeaders.Authorization = new("Bearer", "wbt_no-such-token");

        using var withoutSignIn = await anonymous.GetAsync("/api/me");
        using var withUnknownToken = await unknown.GetAsync("/api/jobs");

        Assert.Contains("Bearer", await ProblemAsync(withoutSignIn, HttpStatusCode.Unauthorized));
        Assert.Contains("Bearer", await ProblemAsync(withUnknownToken, HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task A_caller_whose_roles_do_not_allow_the_call_answers_403()
    {
        using var steward = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);

        using var response = await steward.PostAsync($"/api/views/{View}/versions/1/approve", null);

        Assert.Contains("roles", await ProblemAsync(response, HttpStatusCode.Forbidden));
    }

    [Fact]
    public async Task An_unknown_resource_answers_a_404_problem_naming_it()
    {
        using var http = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);

        using var job = await http.GetAsync("/api/jobs/987654321");
        using var node = await http.GetAsync("/api/lineage/nodes/987654321");
        using var run = await http.GetAsync("/api/quality/runs/987654321");
        using var spec = await http.GetAsync($"/api/views/{View}/spec");

        Assert.Contains("987654321", await ProblemAsync(job, HttpStatusCode.NotFound));
        Assert.Contains("987654321", await ProblemAsync(node, HttpStatusCode.NotFound));
        Assert.Contains("987654321", await ProblemAsync(run, HttpStatusCode.NotFound));
        Assert.Contains(View, await ProblemAsync(spec, HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task A_method_the_address_does_not_answer_is_a_405_problem()
    {
        using var http = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);

        using var response = await http.DeleteAsync("/api/me");

        Assert.Contains("DELETE", await ProblemAsync(response, HttpStatusCode.MethodNotAllowed));
    }

    [Fact]
    public async Task An_import_over_a_newer_version_answers_409_keeping_its_fields()
    {
        using var http = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);
        var spec = """
            { "format": "workbench.view/1",
              "view": { "name": "Conflicting import", "datasets": [ { "name": "legacy.policies" } ],
                        "target": [ { "name": "policy_id", "type": "text", "required": true } ] } }
            """;
        using var created = await http.PostAsync("/api/views/import", Json(spec));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var response = await http.PostAsync("/api/views/import?expectedVersion=0", Json(spec));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("after version 0", await ProblemAsync(response, HttpStatusCode.Conflict));
        using var problem = JsonDocument.Parse(body);
        Assert.Equal(1, problem.RootElement.GetProperty("currentVersion").GetInt32());
        Assert.Contains("after version 0", problem.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_answers_415()
    {
        using var http = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);

        using var response = await http.PostAsync($"/api/views/{View}/versions/1/materialize",
            new StringContent("schema=public&table=out", Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Contains("send JSON", await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType));
    }

    [Fact]
    public async Task A_page_keeps_its_HTML_error_page()
    {
        using var http = await WorkbenchClient.SignedInAsync(fixture.App, Roles.Steward);

        using var response = await http.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }
}
