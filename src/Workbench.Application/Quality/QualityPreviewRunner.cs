using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Streaming;
using Workbench.Application.Audit;

namespace Workbench.Application.Quality;

/// <summary>What a preview is of: the view version and the state of each of its sources.</summary>
public sealed record PreviewRequest(Guid ViewId, int ViewVersion, IReadOnlyDictionary<string, string> SourceFingerprints);

/// <param name="Previous">The view's previous succeeded run, for "premium nulls 412 -> 3".</param>
public sealed record PreviewOutcome(QualityRunRecord Run, QualityReport Report, bool Cached, QualityRunRecord? Previous);

/// <summary>
/// Runs a preview through the store: a succeeded run for the same view version and source fingerprints is
/// served from the cache; otherwise the run is recorded as running, the engine runs, and the report is stored
/// with its issue sample. A failed or cancelled run stores nothing the cache could serve. Every run that reads
/// source rows is audited as <c>preview.run</c>. <c>started</c> hears the id of a new run, so a caller can name a
/// failed or cancelled one. Without <c>withIssues</c> an answer from the cache leaves the report's issues empty rather
/// than read the stored sample (callers that show issues read them by run id).
/// </summary>
public sealed class QualityPreviewRunner(QualityRunStore store, AuditLog audit, IActorContext actor)
{
    public async Task<PreviewOutcome> RunAsync(
        PreviewRequest request,
        Func<CancellationToken, Task<QualityReport>> engine,
        bool useCache = true,
        Action<long>? started = null,
        bool withIssues = true,
        CancellationToken cancellationToken = default)
    {
        var fingerprint = SourceFingerprints.Combine(request.SourceFingerprints);
        if (useCache && await store.FindCachedAsync(request.ViewId, request.ViewVersion, fingerprint, withIssues, cancellationToken) is { } cached)
        {
            var summary = cached.Run.Summary!;
            return new PreviewOutcome(cached.Run, summary with { Issues = InSourceOrder(cached.Issues, summary.Sources) }, Cached: true, cached.Previous);
        }

        var runId = await store.StartAsync(request.ViewId, request.ViewVersion, request.SourceFingerprints, actor.Actor, cancellationToken);
        started?.Invoke(runId);
        QualityReport report;
        try
        {
            report = await engine(cancellationToken);
        }
        catch (Exception ex)
        {
            var cancelled = ex is OperationCanceledException;
            var message = ex is QualityPreviewException ? ex.Message : $"The preview failed: {ex.Message}";
            // Not the caller's token: a cancelled run is still recorded and audited as cancelled.
            await store.FailAsync(runId, message, cancelled);
            await audit.RecordAsync(Entry(request, runId, cancelled ? "cancelled" : AuditOutcome.Failed, new { runId, error = cancelled ? null : message }),
                CancellationToken.None);
            if (cancelled || ex is QualityPreviewException)
                throw;
            throw new QualityPreviewException(message, ex);
        }
        await store.CompleteAsync(runId, report, cancellationToken);
        await audit.RecordAsync(Entry(request, runId, AuditOutcome.Ok, new { runId, report.Engine, report.EngineReason, report.RowsScanned, report.ElapsedMs }), cancellationToken);
        var run = await store.GetAsync(runId, cancellationToken) ?? throw new InvalidOperationException($"Quality run {runId} vanished.");
        return new PreviewOutcome(run, report, Cached: false, await store.PreviousAsync(request.ViewId, runId, cancellationToken));
    }

    /// <summary>jsonb keeps object keys in its own order; issue values read back are shown in view order again.</summary>
    private static List<IssueRow> InSourceOrder(IReadOnlyList<IssueRow> issues, IReadOnlyList<string> sources) =>
        issues.Select(issue => issue with
        {
            Values = sources.Where(issue.Values.ContainsKey).ToDictionary(s => s, s => issue.Values[s]),
        }).ToList();

    private static AuditEntry Entry(PreviewRequest request, long runId, string outcome, object details) =>
        new("preview.run", "view", request.ViewId.ToString(), request.ViewVersion, outcome, details);
}
