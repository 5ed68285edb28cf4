using System.Runtime.CompilerServices;
using Workbench.Application.Audit;
using Workbench.Application.Mapping;
using Workbench.Application.Privacy;
using Workbench.Application.Quality;
using Workbench.Core.Mapping;
using Workbench.Core.Schema;
using Workbench.Core.Sources;
using Workbench.Engine.Quality.Model;
using Workbench.Engine.Quality.Pushdown;
using Workbench.Engine.Quality.Streaming;
using Workbench.Engine.Query;
using Workbench.Engine.Views;

namespace Workbench.Application.Query;

/// <summary>
/// Queries the merged rows of a view version (docs/query.md): the one engine behind the Query tab, the HTTP API and
/// the CLI. Refused for a dissolved view; the query is checked against the view before anything is read; pushed
/// down to PostgreSQL when the planner allows it (as a preview is), streamed otherwise. Every query that reads rows
/// is audited as <c>view.query</c> with who asked, the version, the engine and how many rows were given.
/// </summary>
/// <param name="planner">Chooses the engine; without one every query streams.</param>
/// <param name="personalData">
/// Masks personal values in the rows (docs/privacy.md); without it nothing is masked, which only tests of the engine want.
/// </param>
public sealed class ViewQueryService(
    ViewStore views, IDatasetCatalog catalog, IDatasetReader reader, AuditLog audit, ViewPushdownPlanner? planner = null,
    PersonalDataAccess? personalData = null)
{
    public const string AuditAction = "view.query";

    /// <summary>The query's own issue sample is none: its rows are the answer, and the report is not kept.</summary>
    private static readonly QualityOptions Options = new() { IssueSampleLimit = 0 };

    /// <summary>A page of matching rows and their total.</summary>
    public async Task<ViewQueryResult> PageAsync(Guid viewId, int? version, ViewQuery query, CancellationToken cancellationToken = default)
    {
        var prepared = await PrepareAsync(viewId, version, query, cancellationToken);
        if (prepared.Refusal is { } refusal)
            return refusal;
        var (view, plan, inputs, bound, mask) = prepared.Ready!.Value;
        try
        {
            QueryPage page;
            if (plan is ViewPreviewPlan.Pushdown pushdown)
            {
                using var turn = await planner!.EnterAsync(pushdown, cancellationToken);
                page = await new PushdownRowQuery(pushdown.View, bound).PageAsync(turn.Database, cancellationToken);
            }
            else
                page = await new StreamedRowQuery(inputs.Definition, inputs.Sides, bound).PageAsync(cancellationToken);
            await AuditAsync(view, query, page.Engine, page.Rows.Count, page.Total, AuditOutcome.Ok, null);
            return new ViewQueryResult.Page(page with { Rows = page.Rows.Select(mask).ToList() }, view.Version);
        }
        catch (QualityPreviewException ex)
        {
            await AuditAsync(view, query, Engine(plan), 0, null, AuditOutcome.Failed, ex.Message);
            return new ViewQueryResult.Failed(ex.Message);
        }
    }

    /// <summary>Every matching row (the offset and limit of <paramref name="query"/> are not applied), read as they are enumerated.</summary>
    public async Task<ViewQueryResult> StreamAsync(Guid viewId, int? version, ViewQuery query, CancellationToken cancellationToken = default)
    {
        var prepared = await PrepareAsync(viewId, version, query, cancellationToken);
        if (prepared.Refusal is { } refusal)
            return refusal;
        var (view, plan, inputs, bound, mask) = prepared.Ready!.Value;
        return new ViewQueryResult.AllRows(QueryColumns.Of(bound.Shape.Fields), AuditedAsync(view, query, plan, inputs, bound, mask, CancellationToken.None),
            view.Version, Engine(plan));
    }

    private async IAsyncEnumerable<QueryRow> AuditedAsync(
        ViewVersion view, ViewQuery query, ViewPreviewPlan plan, ViewRunInputs inputs, BoundQuery bound, Func<QueryRow, QueryRow> mask,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        long given = 0;
        var outcome = AuditOutcome.Failed;
        try
        {
            if (plan is ViewPreviewPlan.Pushdown pushdown)
            {
                using var turn = await planner!.EnterAsync(pushdown, cancellationToken);
                await foreach (var row in new PushdownRowQuery(pushdown.View, bound).RowsAsync(turn.Database, cancellationToken))
                {
                    given++;
                    yield return mask(row);
                }
            }
            else
                await foreach (var row in new StreamedRowQuery(inputs.Definition, inputs.Sides, bound).RowsAsync(cancellationToken))
                {
                    given++;
                    yield return mask(row);
                }
            outcome = AuditOutcome.Ok;
        }
        finally
        {
            // Not the reader's token: a stream the client left is still recorded, with what it was given.
            await AuditAsync(view, query, Engine(plan), given, null, outcome, null);
        }
    }

    private async Task<Prepared> PrepareAsync(Guid viewId, int? version, ViewQuery query, CancellationToken cancellationToken)
    {
        if (await VersionAsync(viewId, version, cancellationToken) is not { } view)
            return new Prepared(new ViewQueryResult.NotFound($"No view {viewId}" + (version is null ? "." : $" version {version}.")), null);
        if (await views.RefuseIfDissolvedAsync(AuditAction, viewId, view.Version, cancellationToken) is { } dissolved)
            return new Prepared(new ViewQueryResult.Dissolved(dissolved.Message), null);
        ViewRunInputs inputs;
        try
        {
            inputs = await new ViewRunInputsBuilder(catalog, reader).BuildAsync(view.Spec, Options, cancellationToken: cancellationToken);
        }
        catch (ViewRunException ex)
        {
            await AuditAsync(view, query, null, 0, null, AuditOutcome.Failed, ex.Message);
            return new Prepared(new ViewQueryResult.Failed(ex.Message), null);
        }
        BoundQuery bound;
        try
        {
            bound = QueryBinder.Bind(query, Shape(view.Spec, inputs.Definition));
        }
        catch (QueryRejectedException ex)
        {
            return new Prepared(new ViewQueryResult.Rejected(ex.Message), null);
        }
        var masking = personalData is null ? FieldMasking.None : await personalData.ForViewAsync(viewId, view.Spec, null, cancellationToken);
        if (MaskedQueryRows.Refusal(query, masking) is { } refusal)
            return new Prepared(new ViewQueryResult.Rejected(refusal), null);
        var plan = planner is null
            ? new ViewPreviewPlan.Streaming($"pushdown of views is off ({ViewPushdownPlanner.SettingKey})")
            : await planner.PlanAsync(view.Spec, inputs, cancellationToken);
        return new Prepared(null, (view, plan, inputs, bound, MaskedQueryRows.For(bound.Shape.Fields, masking)));
    }

    /// <summary>The version asked for; without one, the newest approved version, or the newest when none is approved.</summary>
    private async Task<ViewVersion?> VersionAsync(Guid viewId, int? version, CancellationToken cancellationToken)
    {
        if (version is not null)
            return await views.GetAsync(viewId, version, cancellationToken);
        var all = await views.ListVersionsAsync(viewId, cancellationToken);
        return all.FirstOrDefault(v => v.Status == VersionStatus.Approved) ?? (all.Count > 0 ? all[0] : null);
    }

    private static QueryShape Shape(ViewSpec spec, QualityDefinition definition) => new(
        definition.Fields.Select(f => f.Name).ToList(),
        definition.Fields.Select(f => spec.Target.FirstOrDefault(t => t.Name == f.Name)?.Type is FieldType.Integer or FieldType.Decimal).ToList(),
        definition.Sides.Select(s => s.Name).ToList());

    private static string Engine(ViewPreviewPlan plan) => plan is ViewPreviewPlan.Pushdown ? PushdownQualityEngine.Name : StreamingQualityEngine.Name;

    private Task AuditAsync(ViewVersion view, ViewQuery query, string? engine, long rows, long? total, string outcome, string? error) =>
        audit.RecordAsync(new AuditEntry(AuditAction, "view", view.ViewId.ToString(), view.Version, outcome, new
        {
            engine,
            where = query.Where.Select(f => $"{f.Field} {f.Op} {f.Value}".TrimEnd()).ToList(),
            sort = query.Sort is { } s ? (s.Descending ? "-" : "") + s.Field : null,
            query.Offset,
            query.Limit,
            rowsReturned = rows,
            total,
            error,
        }), CancellationToken.None);

    private sealed record Prepared(
        ViewQueryResult? Refusal, (ViewVersion View, ViewPreviewPlan Plan, ViewRunInputs Inputs, BoundQuery Bound, Func<QueryRow, QueryRow> Mask)? Ready);
}
