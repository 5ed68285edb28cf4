namespace Workbench.Web.Account;

/// <summary>Hands the authenticated user of an HTTP request to the request's <see cref="SignedInUser"/>.</summary>
public sealed class SignedInUserMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, SignedInUser user)
    {
        user.Set(context.User, context.Connection.RemoteIpAddress?.ToString());
        return next(context);
    }
}
