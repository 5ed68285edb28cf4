using Workbench.Application.Approvals;

namespace Workbench.Web.Approvals;

/// <summary>The approval workflow in the web app: the service, the Approvals page's reads, the HTTP API.</summary>
public static class ApprovalsFeature
{

    public static IEndpointRouteBuilder MapApprovalsFeature(this IEndpointRouteBuilder app)
    {
        ApprovalEndpoints.Map(app);
        return app;
    }
}
