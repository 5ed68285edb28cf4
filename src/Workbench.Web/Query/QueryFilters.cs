using Workbench.Engine.Query;

namespace Workbench.Web.Query;

/// <summary>What the Query panel's form gives: the filters and the order.</summary>
public sealed record QueryFilters(IReadOnlyList<QueryFilter> Where, QuerySort? Sort)
{
    /// <summary>The CSV download of every row these filters keep (<c>GET /api/views/{id}/query.csv</c>).</summary>
    public string ExportUrl(Guid viewId, int version) =>
        $"api/views/{viewId}/query.csv?version={version}"
        + string.Concat(Where.Select(f => "&where=" + Uri.EscapeDataString(QueryFilterText.Format(f))));
}
