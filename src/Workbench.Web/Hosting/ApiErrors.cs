using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;

namespace Workbench.Web.Hosting;

/// <summary>
/// Every <c>/api</c> error answers ProblemDetails JSON that says what was wrong: a body or query parameter that
/// cannot be read, a body over the size limit, an address no endpoint answers, or a failure of the server (whose
/// details stay in the log).
/// </summary>
public static class ApiErrors
{
    public static IServiceCollection AddApiErrors(this IServiceCollection services)
    {
        services.AddProblemDetails();
        // A body or parameter that cannot be bound throws, in production too, so the answer can name the reason.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app) =>
        app.UseWhen(context => ApiProblem.IsApiRequest(context.Request), api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = WriteExceptionAsync });
            api.UseStatusCodePages(context => WriteStatusAsync(context.HttpContext));
        });

    private static Task WriteExceptionAsync(HttpContext context)
    {
        var (status, detail) = Describe(context.Features.Get<IExceptionHandlerFeature>()?.Error);
        return ApiProblem.WriteAsync(context.Response, status, detail);
    }

    private static (int Status, string Detail) Describe(Exception? error) => error switch
    {
        BadHttpRequestException { InnerException: JsonException json } bad => (bad.StatusCode, $"{bad.Message} {JsonReason(json)}"),
        BadHttpRequestException bad => (bad.StatusCode, bad.Message),
        // Caught here as well as by NulCharacterGuard: a value may reach the store by a path the guard cannot see.
        PostgresException { SqlState: PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter } =>
            (StatusCodes.Status400BadRequest, NulCharacterGuard.Refusal("A text value")),
        _ => (StatusCodes.Status500InternalServerError, "The workbench failed to answer this request; the server's log has the details."),
    };

    /// <summary>The reader's sentence without the .NET type it was reading into, with where in the body it stopped.</summary>
    private static string JsonReason(JsonException json)
    {
        var sentence = json.Message.Split(" Path:", 2)[0];
        sentence = sentence.StartsWith("The JSON value could not be converted to", StringComparison.Ordinal)
            ? "The value does not fit the field (a value of another kind, or not one of its allowed values)."
            : sentence;
        return json.Path is { Length: > 0 } path ? $"{sentence} (at {path})" : sentence;
    }

    private static Task WriteStatusAsync(HttpContext context)
    {
        var request = context.Request;
        var status = context.Response.StatusCode;
        var detail = status switch
        {
            StatusCodes.Status404NotFound when context.GetEndpoint() is null => $"No API endpoint answers {request.Method} {request.Path}.",
            StatusCodes.Status404NotFound => $"There is nothing at {request.Path}.",
            StatusCodes.Status405MethodNotAllowed => $"{request.Path} does not answer {request.Method}.",
            StatusCodes.Status415UnsupportedMediaType =>
                $"{request.Method} {request.Path} does not read a body of type '{request.ContentType}'; send JSON (Content-Type: application/json).",
            _ => ReasonPhrases.GetReasonPhrase(status),
        };
        return ApiProblem.WriteAsync(context.Response, status, detail);
    }
}
