using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Workbench.Web.Hosting;

/// <summary>
/// The OpenAPI document of the HTTP API at <c>/openapi/v1.json</c>: every <c>/api</c> endpoint, with its summary,
/// parameters, request body, answers and problems, and the bearer-token scheme. Anyone may read it, signed in or not:
/// it describes the API and holds no data of the store.
/// </summary>
public static partial class ApiDocument
{
    public const string Path = "/openapi/v1.json";

    public const string BearerScheme = "Bearer";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            // Pages, the sign-out form, /healthz and the demo's stand-in API are not part of the HTTP API.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Workbench HTTP API";
                document.Info.Description =
                    "Send Authorization: Bearer <API token> (a token made on the Users page or with create-token). "
                    + "Every error is ProblemDetails JSON (application/problem+json, RFC 9457).";
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    BearerFormat = "wbt_...",
                    Description = "A per-user API token; it carries the roles of its account.",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] });
                return Task.CompletedTask;
            });
        });

    public static void MapApiDocument(this IEndpointRouteBuilder app) =>
        app.MapOpenApi(Path).AllowAnonymous();

    /// <summary>
    /// Describes a body the endpoint reads itself (from <see cref="HttpRequest.Body"/>) as JSON. Not <c>Accepts</c>: that
    /// would also make routing refuse other content types, which these endpoints read as well.
    /// </summary>
    public static RouteHandlerBuilder ReadsJsonBody(this RouteHandlerBuilder endpoint, string description) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object | JsonSchemaType.Array } },
                },
            };
            return Task.CompletedTask;
        });

    /// <summary>
    /// Stops the app once it has started when an <c>/api</c> endpoint is missing from the document or has no summary,
    /// naming it. Used in development (and so by every test run), so an endpoint cannot be added without its
    /// documentation. After the start: the document is read from the routes the running pipeline serves.
    /// </summary>
    public static void EnsureEveryEndpointIsDescribed(WebApplication app) =>
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            if (Undescribed(app) is not { Count: > 0 } undescribed)
                return;
            app.Logger.LogCritical("Every /api endpoint is described in the OpenAPI document: {Undescribed}.", string.Join("; ", undescribed));
            Environment.ExitCode = 1;
            app.Lifetime.StopApplication();
        });

    private static List<string> Undescribed(WebApplication app)
    {
        var described = app.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
            .SelectMany(group => group.Items)
            .Select(d => $"{d.HttpMethod} {Route("/" + d.RelativePath)}")
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var undescribed = new List<string>();
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = Route(endpoint.RoutePattern.RawText ?? "");
            if (!route.StartsWith("/api/", StringComparison.Ordinal) && route != "/api")
                continue;
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["(any method)"])
            {
                if (!described.Contains($"{method} {route}"))
                    undescribed.Add($"{method} {route} is not in the document");
                else if (endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>() is null)
                    undescribed.Add($"{method} {route} has no summary (WithSummary)");
            }
        }
        return undescribed;
    }

    /// <summary>A route as the document writes it: <c>{id:guid}</c> and <c>{limit?}</c> become <c>{id}</c> and <c>{limit}</c>, no final slash.</summary>
    private static string Route(string pattern) => Parameter().Replace(pattern, "{$1}").TrimEnd('/');

    [GeneratedRegex(@"\{\**([^}:?=]+)[^}]*\}")]
    private static partial Regex Parameter();
}
