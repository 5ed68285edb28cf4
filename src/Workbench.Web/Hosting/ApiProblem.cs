using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace Workbench.Web.Hosting;

/// <summary>
/// The one way an <c>/api</c> error is answered: ProblemDetails JSON (RFC 9457, <c>application/problem+json</c>) with
/// the status, its name as the title, and a <c>detail</c> that says what was wrong and what to do. Endpoints return
/// <see cref="Result"/>; middleware and authentication handlers write <see cref="WriteAsync"/>, which executes the same
/// result, so both pass through the app's <see cref="IProblemDetailsService"/> and look alike (type, title, traceId).
/// </summary>
public static class ApiProblem
{
    public const string ContentType = "application/problem+json";

    public static bool IsApiRequest(HttpRequest request) => request.Path.StartsWithSegments("/api");

    /// <summary>
    /// A problem with <paramref name="status"/> and <paramref name="detail"/>; <paramref name="extensions"/> become
    /// further top-level members (the fields an endpoint documented before its errors were problems, e.g. <c>error</c>).
    /// </summary>
    public static ProblemHttpResult Result(int status, string detail, IDictionary<string, object?>? extensions = null) =>
        TypedResults.Problem(detail, statusCode: status, title: Title(status), extensions: extensions);

    /// <summary>Writes <see cref="Result"/> from middleware or an authentication handler.</summary>
    public static Task WriteAsync(HttpResponse response, int status, string detail) =>
        Result(status, detail).ExecuteAsync(response.HttpContext);

    /// <summary>The status's name ("Payload Too Large"); every problem has one, also statuses the framework has no title for.</summary>
    public static string? Title(int status) => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : null;
}
