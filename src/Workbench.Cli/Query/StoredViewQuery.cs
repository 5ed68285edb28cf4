using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Workbench.Application.Mapping;
using Workbench.Application.Query;
using Workbench.Cli.Quality;
using Workbench.Engine.Quality.Streaming;
using Workbench.Engine.Query;

namespace Workbench.Cli.Query;

/// <summary>
/// <c>workbench query</c>: the query of a saved view through the workbench's store, exactly as the Query tab runs it
/// (same engine, catalog and connectors, audited as <c>cli:USER</c>), written to stdout as the rows come.
/// </summary>
internal static class StoredViewQuery
{
    /// <param name="paged">One page with the total of matching rows; otherwise every matching row.</param>
    public static async Task<int> RunAsync(
        string store, string view, int? version, ViewQuery query, bool paged, bool json, StoredViewFolders folders, CancellationToken cancellationToken)
    {
        if (StoredViewPreview.MissingMasterKey(folders) is { } missing)
            return Fail(2, missing);
        await using var dataSource = NpgsqlDataSource.Create(store);
        await using var services = StoredViewPreview.Services(dataSource, folders);
        await using var scope = services.CreateAsyncScope();
        var views = scope.ServiceProvider.GetRequiredService<ViewStore>();
        var queries = scope.ServiceProvider.GetRequiredService<ViewQueryService>();

        var viewId = Guid.TryParse(view, out var id) ? id : await views.FindIdByNameAsync(view, cancellationToken);
        if (viewId is null)
            return Fail(1, $"There is no view called '{view}'.");
        var result = paged
            ? await queries.PageAsync(viewId.Value, version, query, cancellationToken)
            : await queries.StreamAsync(viewId.Value, version, query, cancellationToken);
        await using var stdout = Console.OpenStandardOutput();
        try
        {
            switch (result)
            {
                case ViewQueryResult.Page page:
                    await WriteAsync(stdout, json, viewId.Value, page.Version, page.Rows.Engine, page.Rows.Columns, page.Rows.Rows.ToAsyncEnumerable(), page.Rows.Total,
                        cancellationToken);
                    Console.Error.WriteLine($"workbench query: {page.Rows.Rows.Count} of {page.Rows.Total} matching rows of version {page.Version} ({page.Rows.Engine})");
                    return 0;
                case ViewQueryResult.AllRows rows:
                    await WriteAsync(stdout, json, viewId.Value, rows.Version, rows.Engine, rows.Columns, rows.Rows, null, cancellationToken);
                    return 0;
                case ViewQueryResult.Rejected rejected:
                    return Fail(2, rejected.Message);
                case ViewQueryResult.NotFound notFound:
                    return Fail(1, notFound.Message);
                case ViewQueryResult.Dissolved dissolved:
                    return Fail(1, dissolved.Message);
                case ViewQueryResult.Failed failed:
                    return Fail(1, failed.Message);
                default:
                    return Fail(1, $"unexpected answer {result.GetType().Name}.");
            }
        }
        catch (QualityPreviewException ex)
        {
            // A source failed while the rows were being written: what came out is incomplete, and the exit code says so.
            return Fail(1, ex.Message);
        }
    }

    private static Task WriteAsync(Stream stdout, bool json, Guid viewId, int version, string engine, IReadOnlyList<string> columns,
        IAsyncEnumerable<QueryRow> rows, long? total, CancellationToken cancellationToken) =>
        json
            ? QueryJson.WriteAsync(stdout, viewId, version, engine, columns, rows, total, cancellationToken)
            : QueryCsv.WriteAsync(stdout, columns, rows, cancellationToken);

    public static int Fail(int code, string message)
    {
        Console.Error.WriteLine("workbench query: " + message);
        return code;
    }
}
