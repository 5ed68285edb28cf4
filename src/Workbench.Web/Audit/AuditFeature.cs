using Workbench.Application.Audit;

namespace Workbench.Web.Audit;

/// <summary>The audit page's reader and its CSV export.</summary>
public static class AuditFeature
{

    public static WebApplication MapAuditFeature(this WebApplication app)
    {
        AuditExport.Map(app);
        return app;
    }
}
