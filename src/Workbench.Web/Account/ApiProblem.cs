using System.Text.Json;

namespace Workbench.Web.Account;

/// <summary>API refusals answer JSON, never a redirect to the sign-in page.</summary>
public static class ApiProblem
{
    public static bool IsApiRequest(HttpRequest request) => request.Path.StartsWithSegments("/api");

    public static Task WriteAsync(HttpResponse response, int status, string message)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        return response.WriteAsync(JsonSerializer.Serialize(new { status, error = message }));
    }
}
