using Workbench.Connectors.Postgres;
using Workbench.Core.Mapping;
using Workbench.Core.Sources;
using Workbench.Engine.Quality.Pushdown;
using Workbench.Engine.Views;
using Workbench.Application.Sources;

namespace Workbench.Application.Quality;

/// <summary>Which engine previews a view: pushdown (with the view and where to run it) or streaming (with why).</summary>
public abstract record ViewPreviewPlan
{
    public sealed record Pushdown(TableView View, string ConnectionString) : ViewPreviewPlan;

    public sealed record Streaming(string Reason) : ViewPreviewPlan;
}

/// <summary>
/// Pushes a view's preview down to PostgreSQL when every dataset is a table or view of the same PostgreSQL source
/// and every mapping has an SQL twin (<see cref="ViewTableViews"/>); otherwise the preview streams, and the plan
/// says why in words the report shows. A pushed-down run reads through the source's shared pool, in its turn
/// (<see cref="EnterAsync"/>).
/// </summary>
public sealed class ViewPushdownPlanner(SourceStore sources, SourceReadPools pools)
{
    /// <summary>The setting that turns the planner off (on unless set to false), read by the app and the CLI.</summary>
    public const string SettingKey = "Quality:PushdownViews";

    public async Task<ViewPreviewPlan> PlanAsync(ViewSpec spec, ViewRunInputs inputs, CancellationToken cancellationToken)
    {
        var ids = inputs.Datasets.Select(d => d.DatasetId).ToHashSet();
        var stored = (await sources.DatasetsAsync(cancellationToken: cancellationToken)).Where(d => ids.Contains(d.Id)).ToDictionary(d => d.Id);
        if (inputs.Datasets.FirstOrDefault(d => !stored.ContainsKey(d.DatasetId)) is { } unknown)
            return new ViewPreviewPlan.Streaming($"'{unknown.Name}' is not a dataset of a registered source");
        var sourceIds = stored.Values.Select(d => d.SourceId).Distinct().ToList();
        if (sourceIds.Count > 1)
            return new ViewPreviewPlan.Streaming("the datasets live in more than one source");
        if (await sources.ConnectionAsync(sourceIds[0], cancellationToken) is not { } source)
            return new ViewPreviewPlan.Streaming("the source was removed");
        if (source.Source.Kind != SourceKind.PostgreSql)
            return new ViewPreviewPlan.Streaming($"'{source.Source.Name}' is not a PostgreSQL source");

        var tables = new Dictionary<string, ViewTable>(StringComparer.Ordinal);
        foreach (var dataset in inputs.Datasets)
        {
            var locator = stored[dataset.DatasetId].Locator;
            if (locator.GetValueOrDefault(PostgresSettings.Table) is not { Length: > 0 } table)
                return new ViewPreviewPlan.Streaming($"'{dataset.Name}' is a query, and the pushdown reads tables and views only");
            tables[dataset.Name] = new ViewTable(locator.GetValueOrDefault(PostgresSettings.Schema) ?? "public", table, stored[dataset.DatasetId].Fields);
        }
        var built = ViewTableViews.Build(spec, inputs, tables);
        return built.View is null
            ? new ViewPreviewPlan.Streaming(built.Reason!)
            : new ViewPreviewPlan.Pushdown(built.View, PostgresSettings.ConnectionString(source.Connection, forStreaming: true));
    }

    /// <summary>Waits for a turn to run <paramref name="plan"/> in its source; dispose the lease when done.</summary>
    public Task<SourceReadLease> EnterAsync(ViewPreviewPlan.Pushdown plan, CancellationToken cancellationToken) =>
        pools.EnterAsync(plan.ConnectionString, cancellationToken);

}
