using System.Net;
using System.Text.Json;
using Workbench.IntegrationTests.Account;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Hosting;

/// <summary>
/// <c>/openapi/v1.json</c> describes every <c>/api</c> endpoint. The app itself refuses to run in development when an
/// endpoint it serves is missing from the document or has no summary (so every test run would fail); this test keeps
/// the list of routes, so an endpoint added, moved or dropped is seen here too.
/// </summary>
public sealed class OpenApiDocumentTests(SignInAppFixture fixture) : IClassFixture<SignInAppFixture>
{
    private static readonly string[] Routes =
    [
        "GET /api/me",
        "GET /api/views",
        "GET /api/views/{id}/spec",
        "POST /api/views/import",
        "POST /api/views",
        "POST /api/views/{id}/versions",
        "GET /api/views/{id}/versions",
        "POST /api/views/{id}/dissolve",
        "POST /api/views/{id}/restore",
        "DELETE /api/views/{id}",
        "POST /api/views/{id}/query",
        "GET /api/views/{id}/query.csv",
        "POST /api/views/{id}/versions/{version}/submit",
        "POST /api/views/{id}/versions/{version}/withdraw",
        "POST /api/views/{id}/versions/{version}/approve",
        "POST /api/views/{id}/versions/{version}/reject",
        "GET /api/approvals",
        "POST /api/views/{id}/preview",
        "GET /api/quality/runs/{id}",
        "GET /api/quality/runs/{id}/issues.csv",
        "POST /api/views/{id}/versions/{version}/materialize",
        "GET /api/jobs",
        "GET /api/jobs/{id}",
        "POST /api/jobs/{id}/cancel",
        "POST /api/jobs/{id}/retry",
        "DELETE /api/jobs/{id}",
        "GET /api/lineage/nodes",
        "GET /api/lineage/nodes/{id}",
        "GET /api/lineage/nodes/{id}/upstream",
        "GET /api/lineage/nodes/{id}/downstream",
        "GET /api/lineage/nodes/{id}/impact",
        "GET /api/lineage/runs/{runId}/openlineage",
        "GET /api/lineage/openlineage",
        "POST /api/lineage",
        "GET /api/sources",
        "GET /api/sources/{id}",
        "POST /api/sources",
        "PUT /api/sources/{id}",
        "DELETE /api/sources/{id}",
        "POST /api/sources/test",
        "POST /api/sources/{id}/test",
        "POST /api/sources/{id}/discover",
        "GET /api/sources/{id}/datasets",
        "GET /api/datasets/{id}",
        "GET /api/datasets/{id}/rows",
        "POST /api/datasets/{id}/profile",
        "PUT /api/datasets/{id}/personal-data/{field}",
    ];

    private static readonly string[] Tags = ["Account", "Views", "Approvals", "Quality", "Materialize", "Jobs", "Lineage", "Sources"];

    private async Task<JsonDocument> DocumentAsync()
    {
        using var anonymous = WorkbenchClient.Anonymous(fixture.App);
        using var response = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static IEnumerable<(string Route, JsonElement Operation)> Operations(JsonDocument document) =>
        document.RootElement.GetProperty("paths").EnumerateObject().SelectMany(path =>
            path.Value.EnumerateObject()
                .Where(op => op.Name is "get" or "post" or "put" or "patch" or "delete")
                .Select(op => ($"{op.Name.ToUpperInvariant()} {path.Name}", op.Value)));

    private static readonly string[] ProblemStatuses = ["400", "401", "500"];

    [Fact]
    public async Task The_document_is_read_without_signing_in_and_lists_exactly_the_API_routes()
    {
        using var document = await DocumentAsync();

        Assert.StartsWith("3.", document.RootElement.GetProperty("openapi").GetString());
        Assert.Equal(Routes.Order(), Operations(document).Select(o => o.Route).Order());
    }

    [Fact]
    public async Task Every_operation_has_a_name_a_summary_a_feature_tag_an_answer_and_its_problems()
    {
        using var document = await DocumentAsync();

        Assert.All(Operations(document), o =>
        {
            var (route, operation) = o;
            Assert.False(string.IsNullOrEmpty(operation.GetProperty("operationId").GetString()), route);
            Assert.False(string.IsNullOrEmpty(operation.GetProperty("summary").GetString()), route);
            Assert.Contains(Assert.Single(operation.GetProperty("tags").EnumerateArray()).GetString(), Tags);
            var responses = operation.GetProperty("responses");
            Assert.Contains(responses.EnumerateObject(), r => r.Name.StartsWith('2'));
            foreach (var status in ProblemStatuses)
                Assert.True(responses.GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _), $"{route} {status}");
        });
    }

    [Fact]
    public async Task Request_bodies_and_answers_are_described()
    {
        using var document = await DocumentAsync();
        var operations = Operations(document).ToDictionary(o => o.Route, o => o.Operation);

        var materialize = operations["POST /api/views/{id}/versions/{version}/materialize"];
        Assert.True(materialize.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(materialize.GetProperty("responses").GetProperty("202").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(operations["POST /api/views/import"].TryGetProperty("requestBody", out _));
        Assert.True(operations["POST /api/lineage"].TryGetProperty("requestBody", out _));
        Assert.True(operations["GET /api/me"].GetProperty("responses").GetProperty("200").TryGetProperty("content", out _));
        Assert.True(operations["POST /api/jobs/{id}/cancel"].GetProperty("responses").TryGetProperty("409", out _));
        Assert.True(operations["POST /api/views"].TryGetProperty("requestBody", out _));
        Assert.True(operations["POST /api/views/{id}/versions"].TryGetProperty("requestBody", out _));
    }

    [Fact]
    public async Task Sources_are_described_by_typed_records_whose_secrets_appear_only_as_names()
    {
        using var document = await DocumentAsync();
        var operations = Operations(document).ToDictionary(o => o.Route, o => o.Operation);
        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");

        Assert.Equal("#/components/schemas/SourceBody", RequestSchema(operations["POST /api/sources"]));
        Assert.Equal("#/components/schemas/SourceBody", RequestSchema(operations["PUT /api/sources/{id}"]));
        Assert.Equal("#/components/schemas/SourceDto", AnswerSchema(operations["POST /api/sources"], "201"));
        Assert.Equal("#/components/schemas/DatasetDto", AnswerSchema(operations["GET /api/datasets/{id}"], "200"));
        Assert.Equal("#/components/schemas/SampleDto", AnswerSchema(operations["GET /api/datasets/{id}/rows"], "200"));
        Assert.Equal("#/components/schemas/ProfileDto", AnswerSchema(operations["POST /api/datasets/{id}/profile"], "200"));
        var source = schemas.GetProperty("SourceDto").GetProperty("properties");
        Assert.True(source.TryGetProperty("secretsSet", out _));
        Assert.False(source.TryGetProperty("secrets", out _));
        Assert.True(schemas.GetProperty("SourceBody").GetProperty("properties").TryGetProperty("secrets", out _));
    }

    private static string? RequestSchema(JsonElement operation) =>
        operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();

    private static string? AnswerSchema(JsonElement operation, string status) =>
        operation.GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString();

    [Fact]
    public async Task The_bearer_token_scheme_is_described_and_required()
    {
        using var document = await DocumentAsync();

        var scheme = document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));
        Assert.Contains(document.RootElement.GetProperty("security").EnumerateArray(), r => r.TryGetProperty("Bearer", out _));
    }
}
