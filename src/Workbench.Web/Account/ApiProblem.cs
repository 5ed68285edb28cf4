using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace Workbench.Web.Account;

/// <summary>API refusals and errors answer ProblemDetails JSON (RFC 9457), never a redirect or an HTML page.</summary>
public static class ApiProblem
{
    public const string ContentType = "application/problem+json";

    public static bool IsApiRequest(HttpRequest request) => request.Path.StartsWithSegments("/api");

    /// <summary>The status's name as the title; <paramref name="detail"/> says what was wrong and what to do.</summary>
    public static Task WriteAsync(HttpResponse response, int status, string detail)
    {
        response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = ReasonPhrases.GetReasonPhrase(status), Detail = detail };
        return response.WriteAsJsonAsync(problem, options: null, contentType: ContentType, response.HttpContext.RequestAborted);
    }
}
