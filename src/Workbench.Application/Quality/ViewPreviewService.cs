using Workbench.Core.Mapping;
using Workbench.Core.Sources;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Pushdown;
using Workbench.Engine.Quality.Streaming;
using Workbench.Engine.Views;
using Workbench.Application.Mapping;

namespace Workbench.Application.Quality;

/// <summary>How a preview of a view ended.</summary>
public abstract record ViewPreviewResult
{
    /// <param name="SkippedRecords">Malformed records the sources skipped (by their configuration) while reading.</param>
    public sealed record Succeeded(PreviewOutcome Outcome, long SkippedRecords) : ViewPreviewResult;

    /// <summary>The run is stored as failed with <paramref name="Error"/>, a sentence the steward can act on.</summary>
    public sealed record Failed(long RunId, string Error) : ViewPreviewResult;

    public sealed record Cancelled(long RunId) : ViewPreviewResult;

    public sealed record ViewNotFound(Guid ViewId, int? Version) : ViewPreviewResult;

    /// <summary>The view is dissolved (<see cref="ViewDissolution"/>); nothing was read.</summary>
    public sealed record Dissolved(string Message) : ViewPreviewResult;
}

/// <summary>
/// Previews a stored view version: loads it, builds the engine's inputs from the dataset catalog and runs it through
/// <see cref="QualityPreviewRunner"/> (cache, stored run, audit), in PostgreSQL when the planner allows it and by
/// streaming otherwise (the report says which and why). A view that cannot run, or a source that fails, becomes a
/// failed run with the reason; cancelling stops the reads at the sources, or the statement in the database.
/// Callers that show the issues by run id pass <c>withIssues: false</c>, so an answer from the cache skips the sample.
/// </summary>
/// <param name="planner">Chooses the engine; without one every preview streams.</param>
public sealed class ViewPreviewService(
    ViewStore views, IDatasetCatalog catalog, IDatasetReader reader, QualityPreviewRunner runner, ViewPushdownPlanner? planner = null)
{
    public async Task<ViewPreviewResult> RunAsync(
        Guid viewId, int? version = null, bool useCache = true, IProgress<QualityProgress>? progress = null, bool withIssues = true,
        CancellationToken cancellationToken = default)
    {
        if (await views.GetAsync(viewId, version, cancellationToken) is not { } view)
            return new ViewPreviewResult.ViewNotFound(viewId, version);
        if (await views.RefuseIfDissolvedAsync("preview.run", viewId, view.Version, cancellationToken) is { } dissolved)
            return new ViewPreviewResult.Dissolved(dissolved.Message);

        long runId = 0;
        var diagnostics = new ReadDiagnostics();
        try
        {
            var inputs = await BuildAsync(view.Spec, diagnostics, cancellationToken);
            // Planned only when the engine runs: an answer from the cache needs neither the plan nor the source's secret.
            var outcome = await runner.RunAsync(
                new PreviewRequest(viewId, view.Version, inputs.SourceFingerprints),
                async ct => await RunAsync(await PlanAsync(view.Spec, inputs, ct), inputs, progress, ct),
                useCache, id => runId = id, withIssues, cancellationToken);
            return new ViewPreviewResult.Succeeded(outcome, diagnostics.MalformedCount);
        }
        catch (ViewRunException ex)
        {
            // Recorded like any failed run (the runner stores and audits an engine that fails), so the page and the
            // audit trail show why the view could not be previewed.
            try
            {
                await runner.RunAsync(new PreviewRequest(viewId, view.Version, new Dictionary<string, string>()),
                    _ => throw new QualityPreviewException(ex.Message), useCache: false, id => runId = id, cancellationToken: cancellationToken);
            }
            catch (QualityPreviewException)
            {
                // The runner rethrows the failure it recorded; the result below says it.
            }
            return new ViewPreviewResult.Failed(runId, ex.Message);
        }
        catch (QualityPreviewException ex)
        {
            return new ViewPreviewResult.Failed(runId, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && runId != 0)
        {
            return new ViewPreviewResult.Cancelled(runId);
        }
    }

    private async Task<QualityReport> RunAsync(ViewPreviewPlan plan, ViewRunInputs inputs, IProgress<QualityProgress>? progress, CancellationToken cancellationToken)
    {
        if (plan is ViewPreviewPlan.Pushdown pushdown)
        {
            using var turn = await planner!.EnterAsync(pushdown, cancellationToken);
            return await PushdownQualityEngine.RunAsync(turn.Database, pushdown.View, cancellationToken);
        }
        var names = inputs.Definition.Sides.Select(s => s.Name).ToList();
        var report = await StreamingQualityEngine.RunAsync(inputs.Definition, RowCounter.Count(names, inputs.Sides, progress), null, cancellationToken: cancellationToken);
        return report with { EngineReason = ((ViewPreviewPlan.Streaming)plan).Reason };
    }

    private async Task<ViewPreviewPlan> PlanAsync(ViewSpec spec, ViewRunInputs inputs, CancellationToken cancellationToken) =>
        planner is null
            ? new ViewPreviewPlan.Streaming($"pushdown of views is off ({ViewPushdownPlanner.SettingKey})")
            : await planner.PlanAsync(spec, inputs, cancellationToken);

    private Task<ViewRunInputs> BuildAsync(ViewSpec spec, ReadDiagnostics diagnostics, CancellationToken cancellationToken) =>
        new ViewRunInputsBuilder(catalog, reader).BuildAsync(spec, diagnostics: diagnostics, cancellationToken: cancellationToken);
}
