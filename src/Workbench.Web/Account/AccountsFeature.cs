using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Workbench.Application.Accounts;
using Workbench.Application.Audit;
using Workbench.Web.Hosting;

namespace Workbench.Web.Account;

/// <summary>Sign-in (cookie for the browser, bearer token for the API), roles, and the actor of audit rows.</summary>
public static class AccountsFeature
{
    /// <summary>Picks the bearer scheme when the request carries a token, the cookie otherwise.</summary>
    public const string Scheme = "Workbench";

    public const string SignInPath = "/account/sign-in";

    public static IServiceCollection AddAccountsFeature(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHostedService<DemoAccounts>();

        services.AddScoped<SignedInUser>();
        services.AddScoped<ICurrentUser>(sp => sp.GetRequiredService<SignedInUser>());
        // Inside a background job's scope the actor is the person who asked for the job.
        services.AddScoped<IActorContext>(sp => sp.GetRequiredService<Workbench.Application.Jobs.JobActor>() is { IsSet: true } job
            ? job
            : sp.GetRequiredService<SignedInUser>());
        services.AddHttpContextAccessor();
        services.AddScoped<CircuitHandler, SignedInCircuitHandler>();
        services.AddScoped<AuthenticationStateProvider, RevalidatingAccountStateProvider>();
        services.AddCascadingAuthenticationState();

        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Cookie or API token", options =>
                options.ForwardDefaultSelector = context => ApiTokenAuthenticationHandler.BearerToken(context.Request) is null
                    ? CookieAuthenticationDefaults.AuthenticationScheme
                    : ApiTokenAuthenticationHandler.SchemeName)
            .AddCookie(options =>
            {
                options.Cookie.Name = "Workbench.SignIn";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.ExpireTimeSpan = TimeSpan.FromHours(configuration.GetValue("Accounts:SessionHours", 8));
                options.SlidingExpiration = true;
                options.LoginPath = SignInPath;
                options.AccessDeniedPath = "/account/denied";
                options.ReturnUrlParameter = "returnUrl";
                options.Events.OnRedirectToLogin = context => ApiProblem.IsApiRequest(context.Request)
                    ? ApiProblem.WriteAsync(context.Response, StatusCodes.Status401Unauthorized, "Sign-in required: send Authorization: Bearer <API token>.")
                    : Redirect(context);
                options.Events.OnRedirectToAccessDenied = context => ApiProblem.IsApiRequest(context.Request)
                    ? ApiProblem.WriteAsync(context.Response, StatusCodes.Status403Forbidden, "Your roles do not allow this.")
                    : Redirect(context);
                options.Events.OnValidatePrincipal = ValidateAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(Policies.Add);
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, DeniedAccessAudit>();
        return services;
    }

    /// <summary>Authentication and authorization middleware (before antiforgery), the API's cross-site guard, and the account endpoints.</summary>
    public static WebApplication MapAccountsFeature(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<SignedInUserMiddleware>();
        app.UseMiddleware<ApiCsrfGuard>();
        AccountEndpoints.Map(app);
        return app;
    }

    private static Task Redirect(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>Every request re-checks the sign-in, so disabling an account or changing its roles takes effect at once.</summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var accounts = context.HttpContext.RequestServices.GetRequiredService<AccountStore>();
        if (context.Principal is null || !await AccountClaims.StillValidAsync(context.Principal, accounts, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }
}
