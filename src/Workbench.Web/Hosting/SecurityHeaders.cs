namespace Workbench.Web.Hosting;

/// <summary>
/// Headers on every response, error pages included (they are set as the response starts). Only the app's own scripts
/// run: Blazor Server and MudBlazor need neither eval nor inline script; the
/// theme cookie is written by wwwroot/js/theme.js, not by an eval'd string. MudBlazor's theme provider writes its
/// palette as an inline &lt;style&gt; and its components and Blazor set inline styles, hence 'unsafe-inline'
/// for styles only; MudBlazor's icons are inline SVG (no font from elsewhere). 'self' in connect-src also admits the circuit's WebSocket to the same host.
/// The policy replaces the <c>frame-ancestors 'self'</c> one Blazor sets on its pages: framing is refused outright.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            });
            return next(context);
        });
}
