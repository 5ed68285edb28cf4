using Workbench.Engine.Query;

namespace Workbench.Application.Query;

/// <summary>How a query of a view ended.</summary>
public abstract record ViewQueryResult
{
    /// <summary>A page of rows with the total of matching rows.</summary>
    public sealed record Page(QueryPage Rows, int Version) : ViewQueryResult;

    /// <summary>
    /// Every matching row, read from the sources as <see cref="Rows"/> is enumerated (enumerate it once); the read is
    /// audited when it ends, with the number of rows given.
    /// </summary>
    public sealed record AllRows(IReadOnlyList<string> Columns, IAsyncEnumerable<QueryRow> Rows, int Version, string Engine) : ViewQueryResult;

    /// <summary>No such view, or no such version of it.</summary>
    public sealed record NotFound(string Message) : ViewQueryResult;

    /// <summary>The view is dissolved; nothing was read.</summary>
    public sealed record Dissolved(string Message) : ViewQueryResult;

    /// <summary>The query does not fit the view (unknown field, bad value, page too large); nothing was read.</summary>
    public sealed record Rejected(string Message) : ViewQueryResult;

    /// <summary>The view cannot run, or a source failed; the message is a sentence the steward can act on.</summary>
    public sealed record Failed(string Message) : ViewQueryResult;
}
