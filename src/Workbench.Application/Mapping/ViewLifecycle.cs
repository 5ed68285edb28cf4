using Microsoft.EntityFrameworkCore;
using Npgsql;
using Workbench.Application.Accounts;
using Workbench.Application.Audit;
using Workbench.Application.Materialize;
using Workbench.Core.Lineage;
using Workbench.Core.Mapping;
using Workbench.Core.Text;
using Workbench.Storage.Store;

namespace Workbench.Application.Mapping;

/// <summary>How a dissolve, restore or delete ended. Expected refusals are outcomes with a sentence, never exceptions.</summary>
public enum ViewLifecycleResult
{
    Done,
    NotFound,

    /// <summary>The user lacks the role the action needs.</summary>
    Forbidden,

    /// <summary>The view's state does not allow it (already dissolved, a job running, versions that were reviewed).</summary>
    Refused,

    /// <summary>The request itself is incomplete, e.g. a dissolve without a reason.</summary>
    Invalid,
}

public sealed record ViewLifecycleOutcome(ViewLifecycleResult Result, string Message)
{
    public bool Succeeded => Result == ViewLifecycleResult.Done;
}

/// <summary>
/// The end of a view's life. A steward dissolves a view whose migration is done or abandoned: it leaves the lists, its
/// cached previews are dropped, and nothing may preview, submit, approve or materialize it (<see cref="ViewStore.DissolutionAsync(Guid, CancellationToken)"/>);
/// its versions, reviews, jobs, lineage and audit stay as they were, the lineage nodes of its versions marked
/// <c>dissolved</c>. An admin restores it. A view that never left draft (no review, no job) can be deleted outright.
/// Each action and each refusal is audited as <c>view.dissolve</c>, <c>view.restore</c>, <c>view.delete</c>.
/// </summary>
public sealed class ViewLifecycle(NpgsqlDataSource dataSource, ICurrentUser user, AuditLog audit)
{
    public const string DissolveAction = "view.dissolve";
    public const string RestoreAction = "view.restore";
    public const string DeleteAction = "view.delete";

    private readonly DataSourceContextFactory _contexts = new(dataSource);

    /// <summary>The view's row as locked (a class with setters: what <c>SqlQuery</c> materializes).</summary>
    private sealed class Locked
    {
        public string Name { get; set; } = "";

        public DateTime? DissolvedAt { get; set; }

        public string? DissolvedBy { get; set; }

        public string? DissolveReason { get; set; }
    }

    /// <summary>Dissolves the view; refused while one of its materialization jobs is enqueued or running.</summary>
    public async Task<ViewLifecycleOutcome> DissolveAsync(Guid viewId, string? reason, CancellationToken cancellationToken = default)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (!user.IsInRole(Roles.Steward))
            return await RefuseAsync(DissolveAction, viewId, ViewLifecycleResult.Forbidden, "Only a user with the steward role may dissolve a view.", cancellationToken);
        if (reason is null)
            return await RefuseAsync(DissolveAction, viewId, ViewLifecycleResult.Invalid, "Say why the view is dissolved: a reason is required.", cancellationToken);
        if (UserText.Problem(reason, "The reason") is { } problem)
            return await RefuseAsync(DissolveAction, viewId, ViewLifecycleResult.Invalid, problem, cancellationToken);

        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await LockAsync(db, viewId, cancellationToken) is not { } view)
        {
            await transaction.RollbackAsync(cancellationToken);
            return await RefuseAsync(DissolveAction, viewId, ViewLifecycleResult.NotFound, $"There is no view {viewId}.", cancellationToken);
        }
        if (view.DissolvedAt is not null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return await RefuseAsync(DissolveAction, viewId, ViewLifecycleResult.Refused,
                $"The view '{view.Name}' is already dissolved (by {view.DissolvedBy} on {view.DissolvedAt:yyyy-MM-dd HH:mm} UTC).", cancellationToken);
        }
        // Materialization takes a share lock on the view's row before it enqueues, so no job can start between this
        // check and the commit.
        if (await ActiveJobAsync(db, viewId, cancellationToken) is { } jobId)
        {
            await transaction.RollbackAsync(cancellationToken);
            return await RefuseAsync(DissolveAction, viewId, ViewLifecycleResult.Refused,
                $"The view '{view.Name}' has materialization job {jobId} enqueued or running; wait for it to finish or cancel it, then dissolve the view.",
                cancellationToken);
        }

        var actor = user.Actor;
        await db.Database.ExecuteSqlAsync(
            $"update view_definition set dissolved_at = now(), dissolved_by = {actor}, dissolve_reason = {reason} where id = {viewId}", cancellationToken);
        var dropped = await DropCachedPreviewsAsync(db, viewId, cancellationToken);
        // Query results of a view (issue 20, part 1) are to be dropped here too, once they are stored.
        var marked = await db.Database.ExecuteSqlAsync($"""
            update lineage_node
            set properties = properties || jsonb_build_object('dissolved', true, 'dissolvedAt', to_char(now() at time zone 'utc', 'YYYY-MM-DD HH24:MI'), 'dissolvedBy', {actor}::text),
                updated_at = now()
            where kind = {LineageNodeKind.ViewVersion} and namespace = {LineageNamespaces.Views} and properties ->> 'viewId' = {viewId.ToString()}
            """, cancellationToken);
        await audit.RecordAsync(db, Entry(DissolveAction, viewId, AuditOutcome.Ok,
            new { name = view.Name, reason, droppedPreviews = dropped, lineageNodesMarked = marked }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ViewLifecycleOutcome(ViewLifecycleResult.Done,
            $"The view '{view.Name}' is dissolved" + (dropped > 0 ? $"; {dropped} cached preview(s) dropped." : "."));
    }

    /// <summary>Brings a dissolved view back: listed, previewable, submittable again; its lineage no longer marked.</summary>
    public async Task<ViewLifecycleOutcome> RestoreAsync(Guid viewId, CancellationToken cancellationToken = default)
    {
        if (!user.IsInRole(Roles.Admin))
            return await RefuseAsync(RestoreAction, viewId, ViewLifecycleResult.Forbidden, "Only a user with the admin role may restore a dissolved view.", cancellationToken);

        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await LockAsync(db, viewId, cancellationToken) is not { } view)
        {
            await transaction.RollbackAsync(cancellationToken);
            return await RefuseAsync(RestoreAction, viewId, ViewLifecycleResult.NotFound, $"There is no view {viewId}.", cancellationToken);
        }
        if (view.DissolvedAt is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return await RefuseAsync(RestoreAction, viewId, ViewLifecycleResult.Refused, $"The view '{view.Name}' is not dissolved.", cancellationToken);
        }
        await db.Database.ExecuteSqlAsync(
            $"update view_definition set dissolved_at = null, dissolved_by = null, dissolve_reason = null where id = {viewId}", cancellationToken);
        await db.Database.ExecuteSqlAsync($"""
            update lineage_node
            set properties = properties - 'dissolved' - 'dissolvedAt' - 'dissolvedBy', updated_at = now()
            where kind = {LineageNodeKind.ViewVersion} and namespace = {LineageNamespaces.Views} and properties ->> 'viewId' = {viewId.ToString()}
            """, cancellationToken);
        await audit.RecordAsync(db, Entry(RestoreAction, viewId, AuditOutcome.Ok,
            new { name = view.Name, dissolvedAt = view.DissolvedAt, dissolvedBy = view.DissolvedBy, dissolveReason = view.DissolveReason }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ViewLifecycleOutcome(ViewLifecycleResult.Done, $"The view '{view.Name}' is restored.");
    }

    /// <summary>
    /// Deletes a view that only ever had drafts: none of its versions was submitted (so none approved, rejected or
    /// materialized) and no job names it. Anything else is history, and is dissolved instead.
    /// </summary>
    public async Task<ViewLifecycleOutcome> DeleteDraftViewAsync(Guid viewId, CancellationToken cancellationToken = default)
    {
        if (!user.IsInRole(Roles.Steward))
            return await RefuseAsync(DeleteAction, viewId, ViewLifecycleResult.Forbidden, "Only a user with the steward role may delete a view.", cancellationToken);

        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await LockAsync(db, viewId, cancellationToken) is not { } view)
        {
            await transaction.RollbackAsync(cancellationToken);
            return await RefuseAsync(DeleteAction, viewId, ViewLifecycleResult.NotFound, $"There is no view {viewId}.", cancellationToken);
        }
        var reviewed = await db.ViewReviews.AnyAsync(r => r.ViewId == viewId, cancellationToken)
            || await db.ViewVersions.AnyAsync(v => v.ViewId == viewId && v.Status != VersionStatus.Draft, cancellationToken);
        var jobs = await db.Database.SqlQuery<long>($"""
            select id as "Value" from job where kind = {MaterializeViewJob.KindName} and payload ->> 'viewId' = {viewId.ToString()} limit 1
            """).ToListAsync(cancellationToken);
        if (reviewed || jobs.Count > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return await RefuseAsync(DeleteAction, viewId, ViewLifecycleResult.Refused,
                $"The view '{view.Name}' has versions that were submitted, approved or materialized, which stay on record; dissolve it instead.",
                cancellationToken);
        }
        var versions = await db.ViewVersions.CountAsync(v => v.ViewId == viewId, cancellationToken);
        var dropped = await DropCachedPreviewsAsync(db, viewId, cancellationToken);
        await db.Database.ExecuteSqlAsync($"delete from view_version where view_id = {viewId}", cancellationToken);
        await db.Database.ExecuteSqlAsync($"delete from view_definition where id = {viewId}", cancellationToken);
        await audit.RecordAsync(db, Entry(DeleteAction, viewId, AuditOutcome.Ok, new { name = view.Name, versions, droppedPreviews = dropped }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ViewLifecycleOutcome(ViewLifecycleResult.Done, $"The view '{view.Name}' and its {versions} draft version(s) are deleted.");
    }

    /// <summary>Serialises every lifecycle, approval and materialization action on the view (FOR UPDATE has no LINQ form).</summary>
    private static async Task<Locked?> LockAsync(WorkbenchDbContext db, Guid viewId, CancellationToken cancellationToken) =>
        (await db.Database.SqlQuery<Locked>($"""
            select name as "Name", dissolved_at as "DissolvedAt", dissolved_by as "DissolvedBy", dissolve_reason as "DissolveReason"
            from view_definition where id = {viewId} for update
            """).ToListAsync(cancellationToken)).SingleOrDefault();

    private static async Task<long?> ActiveJobAsync(WorkbenchDbContext db, Guid viewId, CancellationToken cancellationToken) =>
        (await db.Database.SqlQuery<long>($"""
            select id as "Value" from job
            where kind = {MaterializeViewJob.KindName} and state in ('enqueued', 'scheduled', 'processing') and payload ->> 'viewId' = {viewId.ToString()}
            order by id limit 1
            """).ToListAsync(cancellationToken)).Cast<long?>().SingleOrDefault();

    /// <summary>
    /// The view's stored preview runs and their issue samples (the cache). A run attached to a review is the evidence an
    /// approver decided on, and stays.
    /// </summary>
    private static Task<int> DropCachedPreviewsAsync(WorkbenchDbContext db, Guid viewId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            delete from quality_run q
            where q.view_id = {viewId} and q.status <> 'running'
              and not exists (select 1 from view_review r where r.quality_run_id = q.id)
            """, cancellationToken);

    private async Task<ViewLifecycleOutcome> RefuseAsync(string action, Guid viewId, ViewLifecycleResult result, string message, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(Entry(action, viewId, AuditOutcome.Denied, new { reason = Reason(result), message }), cancellationToken);
        return new ViewLifecycleOutcome(result, message);
    }

    private static string Reason(ViewLifecycleResult result) => result switch
    {
        ViewLifecycleResult.NotFound => "not-found",
        ViewLifecycleResult.Forbidden => "forbidden",
        ViewLifecycleResult.Invalid => "invalid",
        _ => "refused",
    };

    private static AuditEntry Entry(string action, Guid viewId, string outcome, object details) =>
        new(action, "view", viewId.ToString(), null, outcome, details);
}
