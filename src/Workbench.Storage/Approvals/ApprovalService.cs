using Dapper;
using Npgsql;
using Workbench.Storage.Accounts;
using Workbench.Storage.Audit;
using Workbench.Core.Lineage;
using Workbench.Core.Mapping;
using Workbench.Core.Text;
using Workbench.Storage.Lineage;
using Workbench.Storage.Mapping;
using Workbench.Storage.Materialize;

namespace Workbench.Storage.Approvals;

/// <summary>
/// Moves mapping versions draft -> submitted -> approved or rejected (or back to draft by a withdraw). Each method
/// checks the current user's role and, for decisions, that they did not author the version (the database refuses
/// that as well); each move, and each refused attempt, is audited as <c>approval.*</c>. Submitting while another
/// version of the same view waits withdraws the waiting one: the steward's newest submission is the one to review.
/// </summary>
public sealed class ApprovalService(NpgsqlDataSource dataSource, ICurrentUser user, AuditLog audit, ApprovalSignal signal)
{
    private sealed record VersionState(string Author, string Status);

    private sealed record Move(string Action, string Role, string From, string To, string Verb);

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
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from view_version where view_id = @viewId and version = @version and status = 'approved')",
            new { viewId, version }, cancellationToken: cancellationToken));
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

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Locking the view serialises every approval action on it, so "one submitted version per view" holds without races.
        var viewName = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "select name from view_definition where id = @viewId for update", new { viewId }, transaction, cancellationToken: cancellationToken));
        var target = viewName is null ? null : await connection.QuerySingleOrDefaultAsync<VersionState>(new CommandDefinition(
            "select author, status from view_version where view_id = @viewId and version = @version",
            new { viewId, version }, transaction, cancellationToken: cancellationToken));
        if (target is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return await RefuseAsync(move, viewId, version, ApprovalResult.NotFound, $"There is no version {version} of view {viewId}.", cancellationToken);
        }
        var refusal = await RefusalAsync(transaction, move, viewId, version, viewName!, target.Author, target.Status, cancellationToken);
        if (refusal is { } why)
        {
            await transaction.RollbackAsync(cancellationToken);
            return await RefuseAsync(move, viewId, version, why.Result, why.Message, cancellationToken);
        }

        if (move == Submit)
            await WithdrawWaitingAsync(transaction, viewId, version, cancellationToken);
        var qualityRunId = move == Submit ? await NewestQualityRunAsync(transaction, viewId, version, cancellationToken) : null;
        await ChangeStatusAsync(transaction, move, viewId, version, comment, qualityRunId, cancellationToken);
        if (move == Approve)
            await RecordMappingLineageAsync(transaction, viewId, version, viewName!, target.Author, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        signal.Raise();
        return new ApprovalOutcome(ApprovalResult.Done, $"Version {version} of {viewName} {move.Verb}.", move.To);
    }

    /// <summary>Why the move may not happen, or null. Self-approval is named before the state, as the sharper reason.</summary>
    private async Task<(ApprovalResult Result, string Message)?> RefusalAsync(
        NpgsqlTransaction transaction, Move move, Guid viewId, int version, string viewName, string author, string status, CancellationToken cancellationToken)
    {
        if ((move == Approve || move == Reject) && string.Equals(author, user.Actor, StringComparison.OrdinalIgnoreCase))
            return (ApprovalResult.SelfApproval,
                $"Self-approval refused: you authored version {version} of {viewName}, so another approver must {move.Action} it.");
        if (status != move.From)
            return (ApprovalResult.WrongState, $"Version {version} of {viewName} is {status}; only a {move.From} version can be {move.Verb}.");
        if (move != Submit)
            return null;
        var newestApproved = await transaction.Connection!.ExecuteScalarAsync<int?>(new CommandDefinition(
            "select max(version) from view_version where view_id = @viewId and status = 'approved'",
            new { viewId }, transaction, cancellationToken: cancellationToken));
        return newestApproved > version
            ? (ApprovalResult.WrongState, $"Version {version} of {viewName} is older than approved version {newestApproved}; submit a newer version.")
            : null;
    }

    private async Task WithdrawWaitingAsync(NpgsqlTransaction transaction, Guid viewId, int newVersion, CancellationToken cancellationToken)
    {
        var waiting = await transaction.Connection!.ExecuteScalarAsync<int?>(new CommandDefinition(
            "select version from view_version where view_id = @viewId and status = 'submitted'", new { viewId }, transaction, cancellationToken: cancellationToken));
        if (waiting is { } superseded)
            await ChangeStatusAsync(transaction, Withdraw, viewId, superseded, $"Superseded by version {newVersion}.", null, cancellationToken);
    }

    private static async Task<long?> NewestQualityRunAsync(NpgsqlTransaction transaction, Guid viewId, int version, CancellationToken cancellationToken) =>
        await transaction.Connection!.ExecuteScalarAsync<long?>(new CommandDefinition("""
            select id from quality_run where view_id = @viewId and view_version = @version and status = 'succeeded'
            order by finished_at desc, id desc limit 1
            """, new { viewId, version }, transaction, cancellationToken: cancellationToken));

    private async Task ChangeStatusAsync(
        NpgsqlTransaction transaction, Move move, Guid viewId, int version, string? comment, long? qualityRunId, CancellationToken cancellationToken)
    {
        await transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            update view_version set status = @To, status_changed_at = now(), status_changed_by = @Actor where view_id = @viewId and version = @version;
            insert into view_review (view_id, version, action, actor, comment, quality_run_id) values (@viewId, @version, @Action, @Actor, @comment, @qualityRunId);
            """, new { move.To, move.Action, user.Actor, viewId, version, comment, qualityRunId }, transaction, cancellationToken: cancellationToken));
        await audit.RecordAsync(transaction, new AuditEntry("approval." + move.Action, "view", viewId.ToString(), version,
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
        NpgsqlTransaction transaction, Guid viewId, int version, string viewName, string author, CancellationToken cancellationToken)
    {
        var json = await transaction.Connection!.ExecuteScalarAsync<string>(new CommandDefinition(
            "select spec::text from view_version where view_id = @viewId and version = @version",
            new { viewId, version }, transaction, cancellationToken: cancellationToken));
        var spec = ViewSpecJson.Deserialize(json!);
        var target = MaterializeLineage.Target(spec);
        var reference = new ViewVersionRef(viewId.ToString(), viewName, version, target, user.Actor, DateTimeOffset.UtcNow, author);
        await new LineageWriter(dataSource).RecordMappingAsync(transaction, reference, MaterializeLineage.ColumnEdges(spec, target), cancellationToken);
    }
}
