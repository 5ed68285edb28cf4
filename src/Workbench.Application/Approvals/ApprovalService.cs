using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Workbench.Application.Accounts;
using Workbench.Application.Audit;
using Workbench.Core.Lineage;
using Workbench.Core.Mapping;
using Workbench.Core.Text;
using Workbench.Application.Lineage;
using Workbench.Application.Mapping;
using Workbench.Application.Materialize;
using Workbench.Storage.Store;
using Workbench.Application.Approvals;
using Workbench.Storage.Approvals;

namespace Workbench.Application.Approvals;

/// <summary>
/// Moves mapping versions draft -> submitted -> approved or rejected (or back to draft by a withdraw). Each method
/// checks the current user's role and, for decisions, that they did not author the version (the database refuses
/// that as well); each move, and each refused attempt, is audited as <c>approval.*</c>. Submitting while another
/// version of the same view waits withdraws the waiting one: the steward's newest submission is the one to review.
/// </summary>
public sealed class ApprovalService(NpgsqlDataSource dataSource, ICurrentUser user, AuditLog audit, ApprovalSignal signal)
{
    private readonly DataSourceContextFactory _contexts = new(dataSource);

    private sealed record Move(string Action, string Role, VersionStatus From, VersionStatus To, string Verb);

    private static readonly Move Submit = new(ReviewAction.Submit, Roles.Steward, VersionStatus.Draft, VersionStatus.Submitted, "submitted");
    private static readonly Move Approve = new(ReviewAction.Approve, Roles.Approver, VersionStatus.Submitted, VersionStatus.Approved, "approved");
    private static readonly Move Reject = new(ReviewAction.Reject, Roles.Approver, VersionStatus.Submitted, VersionStatus.Rejected, "rejected");
    private static readonly Move Withdraw = new(ReviewAction.Withdraw, Roles.Steward, VersionStatus.Submitted, VersionStatus.Draft, "withdrawn");

    public Task<ApprovalOutcome> SubmitAsync(Guid viewId, int version, string? comment = null, CancellationToken cancellationToken = default) =>
        MoveAsync(Submit, viewId, version, comment, cancellationToken);

    public Task<ApprovalOutcome> ApproveAsync(Guid viewId, int version, string? comment = null, CancellationToken cancellationToken = default) =>
        MoveAsync(Approve, viewId, version, comment, cancellationToken);

    /// <summary>A rejection must say why: <paramref name="comment"/> is required.</summary>
    public Task<ApprovalOutcome> RejectAsync(Guid viewId, int version, string comment, CancellationToken cancellationToken = default) =>
        MoveAsync(Reject, viewId, version, comment, cancellationToken);

    public Task<ApprovalOutcome> WithdrawAsync(Guid viewId, int version, string? comment = null, CancellationToken cancellationToken = default) =>
        MoveAsync(Withdraw, viewId, version, comment, cancellationToken);

    /// <summary>Whether this exact version is approved: what materialization demands before it writes anything.</summary>
    public async Task<bool> IsApprovedAsync(Guid viewId, int version, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.ViewVersions.AnyAsync(v => v.ViewId == viewId && v.Version == version && v.Status == VersionStatus.Approved, cancellationToken);
    }

    private async Task<ApprovalOutcome> MoveAsync(Move move, Guid viewId, int version, string? comment, CancellationToken cancellationToken)
    {
        comment = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        if (!user.IsInRole(move.Role))
            return await RefuseAsync(move, viewId, version, ApprovalResult.Forbidden,
                $"Only a user with the {move.Role} role may {move.Action} a mapping version.", cancellationToken);
        if (UserText.Problem(comment, "The comment") is { } problem)
            return await RefuseAsync(move, viewId, version, ApprovalResult.Invalid, problem, cancellationToken);
        if (move == Reject && comment is null)
            return await RefuseAsync(move, viewId, version, ApprovalResult.Invalid, "A rejection needs a comment saying what to change.", cancellationToken);

        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Locking the view serialises every approval action on it, so "one submitted version per view" holds without races
        // (FOR UPDATE has no LINQ form).
        var viewName = (await db.Database.SqlQuery<string>($"select name as \"Value\" from view_definition where id = {viewId} for update")
            .ToListAsync(cancellationToken)).SingleOrDefault();
        var target = viewName is null ? null : await db.ViewVersions.AsNoTracking()
            .Where(v => v.ViewId == viewId && v.Version == version)
            .Select(v => new { v.Author, v.Status })
            .SingleOrDefaultAsync(cancellationToken);
        if (target is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return await RefuseAsync(move, viewId, version, ApprovalResult.NotFound, $"There is no version {version} of view {viewId}.", cancellationToken);
        }
        var refusal = await RefusalAsync(db, move, viewId, version, viewName!, target.Author, target.Status, cancellationToken);
        if (refusal is { } why)
        {
            await transaction.RollbackAsync(cancellationToken);
            return await RefuseAsync(move, viewId, version, why.Result, why.Message, cancellationToken);
        }

        if (move == Submit)
            await WithdrawWaitingAsync(db, transaction, viewId, version, cancellationToken);
        var qualityRunId = move == Submit ? await NewestQualityRunAsync(db, viewId, version, cancellationToken) : null;
        await ChangeStatusAsync(db, transaction, move, viewId, version, comment, qualityRunId, cancellationToken);
        if (move == Approve)
            await RecordMappingLineageAsync(db, transaction, viewId, version, viewName!, target.Author, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signal.Raise();
        return new ApprovalOutcome(ApprovalResult.Done, $"Version {version} of {viewName} {move.Verb}.", move.To);
    }

    /// <summary>Why the move may not happen, or null. Self-approval is named before the state, as the sharper reason.</summary>
    private async Task<(ApprovalResult Result, string Message)?> RefusalAsync(
        WorkbenchDbContext db, Move move, Guid viewId, int version, string viewName, string author, VersionStatus status, CancellationToken cancellationToken)
    {
        // Read under the view's row lock taken by the caller, so a dissolve cannot slip in before the move commits.
        if (move != Withdraw && await ViewStore.DissolutionAsync(db, viewId, cancellationToken) is { } dissolution)
            return (ApprovalResult.Dissolved, dissolution.Message);
        if ((move == Approve || move == Reject) && string.Equals(author, user.Actor, StringComparison.OrdinalIgnoreCase))
            return (ApprovalResult.SelfApproval,
                $"Self-approval refused: you authored version {version} of {viewName}, so another approver must {move.Action} it.");
        if (status != move.From)
            return (ApprovalResult.WrongState, $"Version {version} of {viewName} is {status.Name()}; only a {move.From.Name()} version can be {move.Verb}.");
        if (move != Submit)
            return null;
        var newestApproved = await db.ViewVersions
            .Where(v => v.ViewId == viewId && v.Status == VersionStatus.Approved)
            .MaxAsync(v => (int?)v.Version, cancellationToken);
        return newestApproved > version
            ? (ApprovalResult.WrongState, $"Version {version} of {viewName} is older than approved version {newestApproved}; submit a newer version.")
            : null;
    }

    private async Task WithdrawWaitingAsync(WorkbenchDbContext db, IDbContextTransaction transaction, Guid viewId, int newVersion, CancellationToken cancellationToken)
    {
        var waiting = await db.ViewVersions
            .Where(v => v.ViewId == viewId && v.Status == VersionStatus.Submitted)
            .Select(v => (int?)v.Version)
            .SingleOrDefaultAsync(cancellationToken);
        if (waiting is { } superseded)
            await ChangeStatusAsync(db, transaction, Withdraw, viewId, superseded, $"Superseded by version {newVersion}.", null, cancellationToken);
    }

    private static async Task<long?> NewestQualityRunAsync(WorkbenchDbContext db, Guid viewId, int version, CancellationToken cancellationToken) =>
        await db.QualityRuns
            .Where(r => r.ViewId == viewId && r.ViewVersion == version && r.Status == "succeeded")
            .OrderByDescending(r => r.FinishedAt).ThenByDescending(r => r.Id)
            .Select(r => (long?)r.Id)
            .FirstOrDefaultAsync(cancellationToken);

    private async Task ChangeStatusAsync(
        WorkbenchDbContext db, IDbContextTransaction transaction, Move move, Guid viewId, int version, string? comment, long? qualityRunId,
        CancellationToken cancellationToken)
    {
        var actor = user.Actor;
        await db.ViewVersions.Where(v => v.ViewId == viewId && v.Version == version).ExecuteUpdateAsync(set => set
            .SetProperty(v => v.Status, move.To)
            .SetProperty(v => v.StatusChangedAt, v => (DateTime?)DateTime.UtcNow)
            .SetProperty(v => v.StatusChangedBy, actor), cancellationToken);
        db.ViewReviews.Add(new ViewReviewEntity
        {
            ViewId = viewId, Version = version, Action = move.Action, Actor = actor, Comment = comment, QualityRunId = qualityRunId,
        });
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync((NpgsqlTransaction)transaction.GetDbTransaction(), new AuditEntry("approval." + move.Action, "view", viewId.ToString(), version,
            Details: new { status = move.To, comment, qualityRunId }), cancellationToken);
    }

    private async Task<ApprovalOutcome> RefuseAsync(Move move, Guid viewId, int version, ApprovalResult result, string message, CancellationToken cancellationToken)
    {
        await audit.RecordAsync(new AuditEntry("approval." + move.Action, "view", viewId.ToString(), version, AuditOutcome.Denied,
            new { reason = result.ToString(), message }), cancellationToken);
        return new ApprovalOutcome(result, message);
    }

    /// <summary>
    /// Approval is when a mapping becomes the record: each source field's edge to the target column it feeds is
    /// written with the decision, under the version's key, so a later materialization run links to it.
    /// </summary>
    private async Task RecordMappingLineageAsync(
        WorkbenchDbContext db, IDbContextTransaction transaction, Guid viewId, int version, string viewName, string author, CancellationToken cancellationToken)
    {
        var json = await db.ViewVersions.Where(v => v.ViewId == viewId && v.Version == version).Select(v => v.Spec).SingleAsync(cancellationToken);
        var spec = ViewSpecJson.Deserialize(json);
        var target = MaterializeLineage.Target(spec);
        var reference = new ViewVersionRef(viewId.ToString(), viewName, version, target, user.Actor, DateTimeOffset.UtcNow, author);
        await new LineageWriter(dataSource).RecordMappingAsync((NpgsqlTransaction)transaction.GetDbTransaction(), reference, MaterializeLineage.ColumnEdges(spec, target), cancellationToken);
    }
}
