using System.CommandLine;
using Workbench.Cli.Quality;
using Workbench.Engine.Query;

namespace Workbench.Cli.Query;

/// <summary>
/// <c>workbench query --view NAME|ID [--version N] [--where "field op value"]... [--sort FIELD] [--descending]
/// [--offset N] [--limit N] [--format csv|json]</c>: the merged rows of a saved view on stdout, written as they come;
/// on error a one-line message on stderr and exit code 1 (2 for bad arguments or a query the view cannot answer).
/// </summary>
internal static class QueryCommand
{
    public static Command Create()
    {
        var view = new Option<string>("--view") { Description = "The name or id of a view saved in the workbench's store.", Required = true };
        var version = new Option<int?>("--version") { Description = "The version to query (default: the newest approved, else the newest)." };
        var where = new Option<string[]>("--where")
        {
            Description = "A filter, \"field op value\" (repeatable, all must hold): \"_source is legacy+fast\", \"_source is not legacy\", \"_has_issues\", "
                + "\"premium is null\", \"premium is not null\", \"premium is invalid\", \"status = active\", \"premium >= 100\", \"premium between 100 and 500\".",
            AllowMultipleArgumentsPerToken = false,
        };
        var sort = new Option<string?>("--sort") { Description = "Order by this target field (or _key); with --sort, --offset or --limit one page is printed." };
        var descending = new Option<bool>("--descending") { Description = "With --sort: largest first." };
        var offset = new Option<int?>("--offset") { Description = "Rows to skip before the page (default 0)." };
        var limit = new Option<int?>("--limit") { Description = $"Rows in the page (default {ViewQuery.DefaultLimit}, at most {ViewQuery.MaxLimit}). Without --sort, --offset and --limit every matching row is printed." };
        var format = new Option<string>("--format") { Description = "csv or json (default: csv).", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "json");
        var store = new Option<string?>("--store")
        {
            Description = "The store's connection string (default: the ConnectionStrings__Workbench environment variable).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ConnectionStrings__Workbench"),
        };
        var files = new Option<string>("--files")
        {
            Description = "The folder file sources may read (default: .workbench/files, as the web app).",
            DefaultValueFactory = _ => ".workbench/files",
        };
        var uploads = new Option<string>("--uploads")
        {
            Description = "The folder of uploaded files (default: .workbench/uploads, as the web app).",
            DefaultValueFactory = _ => ".workbench/uploads",
        };
        var masterKey = new Option<string>("--master-key")
        {
            Description = "The web app's master key file, which unlocks the sources' secrets (default: .workbench/master.key; WORKBENCH_MASTER_KEY wins).",
            DefaultValueFactory = _ => ".workbench/master.key",
        };
        var command = new Command("query", "The merged rows of a view: every key with its target fields, _source and _issues, filtered, to stdout.")
        {
            view, version, where, sort, descending, offset, limit, format, store, files, uploads, masterKey,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValue(store)))
                return StoredViewQuery.Fail(2, "give --store \"Host=...;Database=...\" or set ConnectionStrings__Workbench.");
            ViewQuery query;
            try
            {
                var filters = (result.GetValue(where) ?? []).SelectMany(QueryFilterText.Parse).ToList();
                query = new ViewQuery(filters, result.GetValue(sort) is { } field ? new QuerySort(field, result.GetValue(descending)) : null,
                    result.GetValue(offset) ?? 0, result.GetValue(limit) ?? ViewQuery.DefaultLimit);
            }
            catch (QueryRejectedException ex)
            {
                return StoredViewQuery.Fail(2, ex.Message);
            }
            var paged = result.GetValue(sort) is not null || result.GetValue(offset) is not null || result.GetValue(limit) is not null;
            return await StoredViewQuery.RunAsync(result.GetValue(store)!, result.GetValue(view)!, result.GetValue(version), query, paged,
                result.GetValue(format) == "json", new StoredViewFolders(result.GetValue(files)!, result.GetValue(uploads)!, result.GetValue(masterKey)!),
                cancellationToken);
        });
        return command;
    }
}
