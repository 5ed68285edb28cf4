using System.Text.Json;
using Workbench.Core.Text;

namespace Workbench.Web.Hosting;

/// <summary>
/// PostgreSQL text cannot hold the NUL character (U+0000). Every <c>/api</c> query parameter and every string of a JSON
/// body is checked before an endpoint sees it, so the answer is a 400 naming the field instead of a failed statement.
/// </summary>
public sealed class NulCharacterGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (ApiProblem.IsApiRequest(context.Request)
            && (InQuery(context.Request.Query) ?? await InJsonBodyAsync(context.Request)) is { } field)
        {
            await ApiProblem.WriteAsync(context.Response, StatusCodes.Status400BadRequest, Refusal(field));
            return;
        }
        await next(context);
    }

    public static string Refusal(string field) => UserText.Refusal(field);

    private static string? InQuery(IQueryCollection query)
    {
        foreach (var (name, values) in query)
            if (name.Contains('\0') || values.Any(value => value?.Contains('\0') == true))
                return $"The query parameter '{Printable(name)}'";
        return null;
    }

    /// <summary>The body is kept for the endpoint; one that is not JSON is left for the endpoint to refuse.</summary>
    private static async Task<string?> InJsonBodyAsync(HttpRequest request)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count == 0))
            return null;
        request.EnableBuffering();
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        try
        {
            return FieldWithNul(body.GetBuffer().AsSpan(0, (int)body.Length));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The property whose value (or element of an array value) holds a NUL, or "A property name".</summary>
    private static string? FieldWithNul(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var enclosing = new Stack<string?>();
        string? property = null;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    if (property!.Contains('\0'))
                        return "A property name";
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    enclosing.Push(property);
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    property = enclosing.Pop();
                    break;
                case JsonTokenType.String when reader.GetString()!.Contains('\0'):
                    return property is null ? "The body" : $"The field '{property}'";
            }
        }
        return null;
    }

    private static string Printable(string name) => name.Replace("\0", "\\u0000");
}
