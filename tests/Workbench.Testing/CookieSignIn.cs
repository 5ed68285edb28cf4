using System.Net;
using System.Text.RegularExpressions;

namespace Workbench.Testing;

/// <summary>Drives the sign-in form over plain HTTP, as a browser would: fetch the form (antiforgery token and cookie), post it.</summary>
public static partial class CookieSignIn
{
    /// <summary>A client with its own cookie jar, not following redirects.</summary>
    public static HttpClient NewClient(WorkbenchProcess app, CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer() }) { BaseAddress = new Uri(app.BaseUrl) };

    /// <summary>The hidden antiforgery token of the form at <paramref name="path"/>; the client keeps its cookie.</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client, string path = "/account/sign-in")
    {
        var html = await client.GetStringAsync(path);
        return TokenPattern().Match(html) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new InvalidOperationException($"No antiforgery token in {path}.");
    }

    /// <summary>Posts the sign-in form; the response (a redirect on success, the form again on failure).</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string userName, string password, string? token = null, string returnUrl = "/")
    {
        var fields = new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        };
        if (token is not null)
            fields["__RequestVerificationToken"] = token;
        return await client.PostAsync($"/account/sign-in?returnUrl={Uri.EscapeDataString(returnUrl)}", new FormUrlEncodedContent(fields));
    }

    /// <summary>Signs in through the form; throws unless the sign-in redirected.</summary>
    public static async Task<HttpClient> SignedInClientAsync(WorkbenchProcess app, TestUser user)
    {
        var client = NewClient(app);
        using var response = await PostAsync(client, user.UserName, user.Password, await AntiforgeryTokenAsync(client));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Signing in {user.UserName} answered {(int)response.StatusCode}.");
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
