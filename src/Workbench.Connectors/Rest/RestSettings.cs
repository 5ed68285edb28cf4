namespace Workbench.Connectors.Rest;

/// <summary>Setting and locator keys of REST/JSON sources.</summary>
public static class RestSettings
{
    public const string BaseUrl = "baseUrl";

    /// <summary>Dataset paths, one per line or comma separated (e.g. <c>/policies</c>).</summary>
    public const string Paths = "paths";

    /// <summary><c>none</c>, <c>apiKey</c>, <c>bearer</c>, <c>basic</c>.</summary>
    public const string Auth = "auth";
    public const string ApiKeyHeader = "apiKeyHeader";
    public const string User = "user";

    /// <summary>The API key, bearer token or basic password (encrypted at rest).</summary>
    public const string Secret = "secret";

    /// <summary><c>none</c>, <c>page</c>, <c>offset</c>, <c>cursor</c>, <c>link</c>.</summary>
    public const string Pagination = "pagination";
    public const string PageParam = "pageParam";
    public const string PageSizeParam = "pageSizeParam";
    public const string PageSize = "pageSize";
    public const string FirstPage = "firstPage";
    public const string OffsetParam = "offsetParam";
    public const string LimitParam = "limitParam";
    public const string CursorParam = "cursorParam";

    /// <summary>Where the next cursor sits in a page (dotted JSON path).</summary>
    public const string CursorPath = "cursorPath";

    /// <summary>Where the record array sits in a page (dotted JSON path; the page itself when empty).</summary>
    public const string RecordsPath = "recordsPath";
    public const string MaxPages = "maxPages";
    public const string Retries = "retries";
    public const string RetryDelayMs = "retryDelayMs";
    public const string RequestsPerSecond = "requestsPerSecond";

    /// <summary>When true, equality filters are sent as query parameters (<c>?status=active</c>) as well as checked here.</summary>
    public const string FilterParams = "filterParams";

    /// <summary>Locator: the dataset's path under the base URL.</summary>
    public const string Path = "path";
}
