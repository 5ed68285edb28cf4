using Workbench.Application.Lineage;
using Workbench.Core.Lineage;
using Npgsql;
using Workbench.Core.Mapping;
using Workbench.Core.Schema;
using Workbench.Application.Accounts;
using Workbench.Application.Approvals;
using Workbench.Application.Audit;
using Workbench.Application.Mapping;
using Workbench.Testing;
using Xunit;

namespace Workbench.IntegrationTests.Approvals;

/// <summary>The approval rules as the service keeps them, against a real store.</summary>
public sealed class ApprovalServiceTests(MigratedDatabaseFixture database) : IClassFixture<MigratedDatabaseFixture>
{
    private sealed class Person(string name, params string[] roles) : ICurrentUser
    {
        public string Actor => name;

        public string? ClientAddress => "203.0.113.7";

        public bool IsSignedIn => true;

        public bool IsInRole(string role) => roles.Contains(role);
    }

    private static readonly string[] AllRoles = [.. Roles.All];

    private ApprovalService Service(string name, params string[] roles)
    {
        var person = new Person(name, roles);
        return new ApprovalService(database.DataSource, person, new AuditLog(database.DataSource, person), new ApprovalSignal());
    }

    private ViewStore Views(string author) => new(database.DataSource, new SystemActor(author), new AuditLog(database.DataSource, new SystemActor(author)));

    /// <summary>A new view (version 1 by <paramref name="author"/>) with a name no other test uses.</summary>
    private async Task<Guid> CreateViewAsync(string author)
    {
        var spec = ViewSpec.Empty("Approval " + Guid.NewGuid().ToString("N")[..8]) with
        {
            Datasets = [new("legacy.policies"), new("fast.policies")],
            Target = [new TargetField("policy_id", FieldType.Text, true)],
        };
        return Assert.IsType<SaveOutcome.Saved>(await Views(author).CreateAsync(spec)).ViewId;
    }

    private async Task<VersionStatus> StatusAsync(Guid viewId, int version) => (await Views("x").GetAsync(viewId, version))!.Status;

    private async Task<IReadOnlyList<(string Action, string Actor, string Outcome)>> AuditAsync(Guid viewId)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<(string, string, string)>(
            "select action, actor, outcome from audit_event where entity_id = @id and action like 'approval.%' order by id",
            new { id = viewId.ToString() })).ToList();
    }

    [Fact]
    public async Task Approval_records_the_mapping_in_lineage_each_target_column_from_exactly_its_source_fields()
    {
        var name = "Lineage " + Guid.NewGuid().ToString("N")[..8];
        var spec = ViewSpec.Empty(name) with
        {
            Datasets = [new("legacy.policies"), new("fast.policies")],
            Target = [new TargetField("policy_id", FieldType.Text, true), new TargetField("holder", FieldType.Text)],
            Mappings =
            [
                new MappingEntry("policy_id", [new(new("fast.policies", "policyId"), []), new(new("legacy.policies", "pol_num"), [])]),
                new MappingEntry("holder", [new(new("legacy.policies", "pol_holder"), [])]),
            ],
        };
        var viewId = Assert.IsType<SaveOutcome.Saved>(await Views("ann").CreateAsync(spec)).ViewId;
        var lineage = new LineageQueries(database.DataSource);
        Assert.Empty(await lineage.SearchAsync(name));

        Assert.True((await Service("ann", Roles.Steward).SubmitAsync(viewId, 1)).Succeeded);
        Assert.True((await Service("bob", Roles.Approver).ApproveAsync(viewId, 1)).Succeeded);

        var found = await lineage.SearchAsync(name, 50);
        Assert.Contains(found, n => n.Kind == LineageNodeKind.ViewVersion);
        var policyId = Assert.Single(found, n => n.DisplayName == "policy_id");
        var upstream = await lineage.WalkAsync(policyId.Id, LineageDirection.Upstream, 1, LineageLevel.Column);
        Assert.Equal(["fast.policies.policyId", "legacy.policies.pol_num"],
            upstream!.Nodes.Where(n => n.Depth == -1).Select(n => n.Node.QualifiedName).Order());
    }

    [Fact]
    public async Task A_version_submitted_by_its_author_and_approved_by_another_is_approved_with_reviews_and_audit()
    {
        var viewId = await CreateViewAsync("ann");

        var submitted = await Service("ann", Roles.Steward).SubmitAsync(viewId, 1, "Ready for review");
        var approved = await Service("bob", Roles.Approver).ApproveAsync(viewId, 1, "Looks right");

        Assert.True(submitted.Succeeded, submitted.Message);
        Assert.True(approved.Succeeded, approved.Message);
        Assert.Equal(VersionStatus.Approved, await StatusAsync(viewId, 1));
        Assert.True(await Service("x").IsApprovedAsync(viewId, 1));
        var history = await new ApprovalQueries(database.DataSource).HistoryAsync(10, viewId);
        Assert.Equal([("approve", "bob", "Looks right"), ("submit", "ann", "Ready for review")],
            history.Select(h => (h.Action, h.Actor, h.Comment)));
        Assert.Equal([("approval.submit", "ann", AuditOutcome.Ok), ("approval.approve", "bob", AuditOutcome.Ok)], await AuditAsync(viewId));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        Assert.Equal("bob", await connection.ExecuteScalarAsync<string>(
            "select status_changed_by from view_version where view_id = @viewId and version = 1", new { viewId }));
    }

    [Fact]
    public async Task The_author_cannot_approve_or_reject_even_holding_every_role_and_the_attempt_is_audited_as_denied()
    {
        var viewId = await CreateViewAsync("ann");
        var ann = Service("ann", AllRoles);
        Assert.True((await ann.SubmitAsync(viewId, 1)).Succeeded);

        var approve = await ann.ApproveAsync(viewId, 1);
        var reject = await ann.RejectAsync(viewId, 1, "Not mine to judge");

        Assert.Equal(ApprovalResult.SelfApproval, approve.Result);
        Assert.Equal(ApprovalResult.SelfApproval, reject.Result);
        Assert.Contains("Self-approval refused", approve.Message);
        Assert.Contains("another approver", approve.Message);
        Assert.Equal(VersionStatus.Submitted, await StatusAsync(viewId, 1));
        Assert.Equal(
            [("approval.submit", "ann", AuditOutcome.Ok), ("approval.approve", "ann", AuditOutcome.Denied), ("approval.reject", "ann", AuditOutcome.Denied)],
            await AuditAsync(viewId));
    }

    [Fact]
    public async Task The_database_refuses_self_approval_and_anonymous_decisions_when_the_service_is_bypassed()
    {
        var viewId = await CreateViewAsync("ann");
        Assert.True((await Service("ann", Roles.Steward).SubmitAsync(viewId, 1)).Succeeded);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var key = new { viewId };

        var self = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            "update view_version set status = 'approved', status_changed_by = 'ann' where view_id = @viewId", key));
        var selfReject = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            "update view_version set status = 'rejected', status_changed_by = 'ann' where view_id = @viewId", key));
        var nobody = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            "update view_version set status = 'approved', status_changed_by = null where view_id = @viewId", key));
        var inserted = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("""
            insert into view_version (view_id, version, spec, author, status, status_changed_by)
            select view_id, 2, spec, 'ann', 'approved', 'ann' from view_version where view_id = @viewId
            """, key));

        Assert.Contains("self-approval refused", self.MessageText);
        Assert.Contains("self-approval refused", selfReject.MessageText);
        Assert.Contains("status_changed_by must name", nobody.MessageText);
        Assert.Contains("self-approval refused", inserted.MessageText);
        Assert.Equal(VersionStatus.Submitted, await StatusAsync(viewId, 1));
        await connection.ExecuteAsync("update view_version set status = 'approved', status_changed_by = 'bob' where view_id = @viewId", key);
        Assert.Equal(VersionStatus.Approved, await StatusAsync(viewId, 1));
    }

    [Fact]
    public async Task Actions_from_the_wrong_state_or_without_the_role_or_comment_are_refused_and_audited()
    {
        var viewId = await CreateViewAsync("ann");
        var bob = Service("bob", Roles.Approver);

        var approveDraft = await bob.ApproveAsync(viewId, 1);
        var stewardSubmitsWithoutRole = await Service("bob", Roles.Approver).SubmitAsync(viewId, 1);
        Assert.True((await Service("carl", Roles.Steward).SubmitAsync(viewId, 1)).Succeeded);
        var stewardApproves = await Service("carl", Roles.Steward).ApproveAsync(viewId, 1);
        var rejectWithoutComment = await bob.RejectAsync(viewId, 1, "  ");
        var missing = await bob.ApproveAsync(viewId, 9);
        Assert.True((await bob.RejectAsync(viewId, 1, "Map the premium too")).Succeeded);
        var withdrawRejected = await Service("ann", Roles.Steward).WithdrawAsync(viewId, 1);

        Assert.Equal(ApprovalResult.WrongState, approveDraft.Result);
        Assert.Equal("Version 1 of " + (await Views("x").GetAsync(viewId))!.Spec.Name + " is draft; only a submitted version can be approved.", approveDraft.Message);
        Assert.Equal(ApprovalResult.Forbidden, stewardSubmitsWithoutRole.Result);
        Assert.Equal(ApprovalResult.Forbidden, stewardApproves.Result);
        Assert.Equal(ApprovalResult.Invalid, rejectWithoutComment.Result);
        Assert.Equal(ApprovalResult.NotFound, missing.Result);
        Assert.Equal(ApprovalResult.WrongState, withdrawRejected.Result);
        Assert.Equal(VersionStatus.Rejected, await StatusAsync(viewId, 1));
        var audit = await AuditAsync(viewId);
        Assert.Equal(6, audit.Count(a => a.Outcome == AuditOutcome.Denied));
        Assert.Equal(["approval.submit", "approval.reject"], audit.Where(a => a.Outcome == AuditOutcome.Ok).Select(a => a.Action));
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var noComment = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            "insert into view_review (view_id, version, action, actor) values (@viewId, 1, 'reject', 'bob')", new { viewId }));
        Assert.Equal("view_review_reject_has_comment", noComment.ConstraintName);
    }

    [Fact]
    public async Task A_new_submit_withdraws_the_waiting_version_and_the_database_allows_only_one_waiting()
    {
        var viewId = await CreateViewAsync("ann");
        var ann = Service("ann", Roles.Steward);
        Assert.True((await ann.SubmitAsync(viewId, 1)).Succeeded);
        var spec = (await Views("ann").GetAsync(viewId))!.Spec;
        Assert.IsType<SaveOutcome.Saved>(await Views("ann").SaveAsync(viewId, 1, spec with { Description = "second" }));

        Assert.True((await ann.SubmitAsync(viewId, 2)).Succeeded);

        Assert.Equal(VersionStatus.Draft, await StatusAsync(viewId, 1));
        Assert.Equal(VersionStatus.Submitted, await StatusAsync(viewId, 2));
        var history = await new ApprovalQueries(database.DataSource).HistoryAsync(10, viewId);
        Assert.Equal([("submit", 2, null), ("withdraw", 1, "Superseded by version 2."), ("submit", 1, null)],
            history.Select(h => (h.Action, h.Version, h.Comment)));
        var pending = Assert.Single(await new ApprovalQueries(database.DataSource).PendingAsync(), p => p.ViewId == viewId);
        Assert.Equal(2, pending.Version);
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var second = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            "update view_version set status = 'submitted', status_changed_by = 'ann' where view_id = @viewId and version = 1", new { viewId }));
        Assert.Equal("view_version_one_submitted", second.ConstraintName);

        Assert.True((await ann.WithdrawAsync(viewId, 2, "Found a mistake")).Succeeded);
        Assert.Equal(VersionStatus.Draft, await StatusAsync(viewId, 2));
        Assert.DoesNotContain(await new ApprovalQueries(database.DataSource).PendingAsync(), p => p.ViewId == viewId);
    }

    [Fact]
    public async Task An_older_version_than_the_approved_one_cannot_be_submitted()
    {
        var viewId = await CreateViewAsync("ann");
        var spec = (await Views("ann").GetAsync(viewId))!.Spec;
        Assert.IsType<SaveOutcome.Saved>(await Views("ann").SaveAsync(viewId, 1, spec with { Description = "second" }));
        Assert.True((await Service("ann", Roles.Steward).SubmitAsync(viewId, 2)).Succeeded);
        Assert.True((await Service("bob", Roles.Approver).ApproveAsync(viewId, 2)).Succeeded);

        var old = await Service("ann", Roles.Steward).SubmitAsync(viewId, 1);

        Assert.Equal(ApprovalResult.WrongState, old.Result);
        Assert.Contains("older than approved version 2", old.Message);
    }

    [Fact]
    public async Task The_newest_succeeded_quality_run_of_the_version_is_attached_at_submit()
    {
        var viewId = await CreateViewAsync("ann");
        await using var connection = await database.DataSource.OpenConnectionAsync();
        var runId = await connection.ExecuteScalarAsync<long>("""
            insert into quality_run (view_id, view_version, fingerprint, status, summary, actor, finished_at)
            values (@viewId, 1, 'f', 'succeeded', '{}'::jsonb, 'ann', now()) returning id
            """, new { viewId });
        await connection.ExecuteAsync("""
            insert into quality_run (view_id, view_version, fingerprint, status, error, actor, finished_at)
            values (@viewId, 1, 'f', 'failed', 'boom', 'ann', now() + interval '1 minute')
            """, new { viewId });

        Assert.True((await Service("ann", Roles.Steward).SubmitAsync(viewId, 1)).Succeeded);

        var pending = Assert.Single(await new ApprovalQueries(database.DataSource).PendingAsync(), p => p.ViewId == viewId);
        Assert.Equal(runId, pending.QualityRunId);
        Assert.Equal(("ann", "ann"), (pending.Author, pending.SubmittedBy));
        var review = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("update view_review set comment = 'x' where view_id = @viewId", new { viewId }));
        Assert.Contains("never changed", review.MessageText);
    }
}
