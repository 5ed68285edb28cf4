using Workbench.Core.Lineage;
using Workbench.Core.Mapping;
using Workbench.Core.Mapping.Transforms;
using Workbench.Core.Schema;
using Workbench.Core.Sql;
using Workbench.IntegrationTests.Jobs;
using Workbench.Application.Audit;
using Workbench.Application.Jobs;
using Workbench.Application.Lineage;
using Workbench.Application.Materialize;
using Workbench.Testing;
using Xunit;
using Workbench.Core.Jobs;

namespace Workbench.IntegrationTests.Materialize;

/// <summary>The materialize-view job on real sources, through the real queue and executor.</summary>
public sealed class MaterializeViewJobTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>, IDisposable
{
    private static readonly TableName Hostile = new("target", "Policy \"Copy\"; drop table x; --");

    private readonly string _folder = Directory.CreateTempSubdirectory("workbench-materialize-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task An_approved_view_is_written_key_by_key_with_precedence_and_transforms_then_replaced_and_appended()
    {
        var (bed, kit) = Setup();
        var spec = await bed.CreatePolicySourcesAsync("rows");
        var viewId = await bed.CreateViewAsync(spec);
        await bed.ApproveAsync(viewId);

        var first = await bed.MaterializeAsync(kit, new(viewId, 1, Hostile, WriteMode.Replace));

        Assert.True(first.State == JobState.Succeeded, first.Error);
        Assert.Equal(MaterializeTestbed.ExpectedRows, await bed.RowsAsync(Hostile));
        Assert.Equal("Policies rows v1 → target.Policy \"Copy\"; drop table x; --", first.Label);
        Assert.Equal(4, first.ProgressDone);
        Assert.Contains("\"rowsWritten\": 3", first.Result);
        Assert.Contains("\"rowsRejected\": 1", first.Result);
        var reject = Assert.Single(await bed.RejectsAsync(Hostile));
        var expected = MaterializeTestbed.ExpectedReject(spec);
        Assert.Equal(expected with { Item7 = "" }, reject with { Reason = "" });
        Assert.StartsWith(expected.Item7, reject.Reason);
        Assert.Contains("\"tableCreated\": true", first.Result);
        Assert.Contains($"\"{spec.Datasets[0].Name}+{spec.Datasets[1].Name}\": 2", first.Result);
        Assert.Contains($"\"{spec.Datasets[0].Name}\": 1", first.Result);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(["policy_id text", "holder text", "premium numeric", "start_date date", "note text"], (await connection.QueryAsync<string>("""
            select a.attname || ' ' || format_type(a.atttypid, a.atttypmod) from pg_attribute a
            where a.attrelid = to_regclass(@Quoted) and a.attnum > 0 and not a.attisdropped order by a.attnum
            """, new { Hostile.Quoted })).ToList());

        var appended = await bed.MaterializeAsync(kit, new(viewId, 1, Hostile, WriteMode.Append));
        Assert.Equal(6L, await connection.ExecuteScalarAsync<long>($"select count(*) from {Hostile.Quoted}"));
        Assert.Equal(2, (await bed.RejectsAsync(Hostile)).Count);
        Assert.Contains("\"tableCreated\": false", appended.Result);
        await bed.MaterializeAsync(kit, new(viewId, 1, Hostile, WriteMode.Replace));
        Assert.Equal(MaterializeTestbed.ExpectedRows, await bed.RowsAsync(Hostile));
        Assert.Single(await bed.RejectsAsync(Hostile));

        var audited = (await connection.QueryAsync<(string Action, string Outcome)>(
            "select action, outcome from audit_event where entity_kind = 'view' and entity_id = @Id and action like 'materialize.%' order by id",
            new { Id = viewId.ToString() })).ToList();
        Assert.Equal(3, audited.Count(a => a == ("materialize.enqueue", AuditOutcome.Ok)));
        Assert.Equal(3, audited.Count(a => a == ("materialize.complete", AuditOutcome.Ok)));
    }

    [Fact]
    public async Task The_run_records_lineage_from_each_source_field_to_its_column_with_the_transforms()
    {
        var (bed, kit) = Setup();
        var spec = await bed.CreatePolicySourcesAsync("lineage");
        var viewId = await bed.CreateViewAsync(spec);
        await bed.ApproveAsync(viewId);
        var destination = new TableName("target", "policies_lineage");

        var job = await bed.MaterializeAsync(kit, new(viewId, 1, destination, WriteMode.Replace));

        Assert.True(job.State == JobState.Succeeded, job.Error);
        var queries = new LineageQueries(db.DataSource);
        var table = Assert.Single(await queries.SearchAsync("policies_lineage"), n => n.Kind == LineageNodeKind.Table);
        Assert.Equal((LineageNamespaces.Tables, "target.policies_lineage"), (table.Namespace, table.QualifiedName));
        var columns = await queries.NeighbourhoodAsync(table.Id, upstreamDepth: 1, downstreamDepth: 0, LineageLevel.Column);
        var names = columns!.Nodes.ToDictionary(n => n.Node.Id, n => n.Node.QualifiedName);
        string[] table_ = [spec.Datasets[0].Name], file = [spec.Datasets[1].Name];
        Assert.Equal(new[]
        {
            $"{file[0]}.id -> target.policies_lineage.policy_id: ",
            $"{file[0]}.name -> target.policies_lineage.holder: {MaterializeTestbed.LowerCase.Describe()}",
            $"{file[0]}.premium -> target.policies_lineage.premium: {new Cast(FieldType.Decimal).Describe()}",
            $"{file[0]}.start -> target.policies_lineage.start_date: {MaterializeTestbed.IsoDate.Describe()}",
            $"{table_[0]}.holder -> target.policies_lineage.holder: {new Trim().Describe()}",
            $"{table_[0]}.pol_num -> target.policies_lineage.policy_id: {new Trim().Describe()}",
            $"{table_[0]}.premium -> target.policies_lineage.premium: {new Cast(FieldType.Decimal).Describe()}",
        }.Order(StringComparer.Ordinal), columns.Edges
            .Select(e => $"{names[e.FromNode]} -> {names[e.ToNode]}: {e.Transform}")
            .Order(StringComparer.Ordinal));

        var datasets = await queries.NeighbourhoodAsync(table.Id, upstreamDepth: 2, downstreamDepth: 0, LineageLevel.Dataset);
        var run = Assert.Single(datasets!.Nodes, n => n.Node.Kind == LineageNodeKind.JobRun);
        Assert.Equal(-1, run.Depth);
        Assert.Equal(spec.Datasets.Select(d => d.Name).Order(), datasets.Nodes.Where(n => n.Depth == -2).Select(n => n.Node.QualifiedName).Order());
        await using var connection = await db.DataSource.OpenConnectionAsync();
        Assert.Equal("COMPLETE", await connection.ExecuteScalarAsync<string>("select state from lineage_run where run_id = @Key", new { job.Key }));
    }

    [Fact]
    public async Task A_draft_version_is_refused_when_asked_and_when_run()
    {
        var (bed, kit) = Setup();
        var viewId = await bed.CreateViewAsync(await bed.CreatePolicySourcesAsync("draft"));
        var payload = new MaterializeViewPayload(viewId, 1, new TableName("target", "never_written"));

        var asked = await bed.Requests(kit).EnqueueAsync(payload);
        var forced = await kit.RunUntilFinishedAsync(await kit.EnqueueAsync(MaterializeViewJob.KindName, payload));

        Assert.Equal(new MaterializeOutcome.NotApproved(VersionStatus.Draft), asked);
        Assert.Equal(JobState.Failed, forced.State);
        Assert.Equal(1, forced.Attempts);
        Assert.Equal($"Policies draft version 1 is draft; only approved versions are materialized.", forced.Error);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        Assert.Null(await connection.ExecuteScalarAsync<string>("select to_regclass('target.never_written')::text"));
        Assert.Equal(AuditOutcome.Denied, await connection.ExecuteScalarAsync<string>(
            "select outcome from audit_event where action = 'materialize.enqueue' and entity_id = @Id", new { Id = viewId.ToString() }));
    }

    [Theory]
    [InlineData("public", "policies", "holds the workbench's own tables")]
    [InlineData("target", "workbench_job_effect", "records applied writes")]
    [InlineData("target", "", "Name the destination schema and table.")]
    public async Task A_destination_the_workbench_needs_is_refused(string schema, string name, string reason)
    {
        var (bed, kit) = Setup();

        var outcome = await bed.Requests(kit).EnqueueAsync(new MaterializeViewPayload(Guid.NewGuid(), 1, new TableName(schema, name)));

        Assert.Contains(reason, Assert.IsType<MaterializeOutcome.InvalidDestination>(outcome).Problem);
    }

    [Fact]
    public async Task An_attempt_whose_effect_was_applied_writes_nothing_and_reads_no_source()
    {
        var (bed, kit) = Setup();
        var viewId = await bed.ApprovedPolicyViewAsync("effect");
        var destination = new TableName("target", "policies_effect");
        var first = await bed.MaterializeAsync(kit, new(viewId, 1, destination, WriteMode.Append));
        await using var connection = await db.DataSource.OpenConnectionAsync();
        Assert.Equal((destination.ToString(), 3L), await connection.QuerySingleAsync<(string, long)>(
            "select target, rows_written from target.workbench_job_effect where job_key = @Key", new { first.Key }));

        // A second job whose effect key is already applied stands for an attempt that runs again after its effect committed.
        var id = await bed.Requests(kit).EnqueueAsync(new MaterializeViewPayload(viewId, 1, destination, WriteMode.Append)) is MaterializeOutcome.Enqueued e ? e.JobId : 0;
        var key = (await kit.Store.GetAsync(id))!.Key;
        await connection.ExecuteAsync("insert into target.workbench_job_effect (job_key, target, rows_written) values (@key, @Target, 4)",
            new { key, Target = destination.ToString() });
        var reads = await ReadsAsync(connection);
        var again = await kit.RunUntilFinishedAsync(id);

        Assert.True(again.State == JobState.Succeeded, again.Error);
        Assert.Contains("\"alreadyApplied\": true", again.Result);
        Assert.Equal(3L, await connection.ExecuteScalarAsync<long>($"select count(*) from {destination.Quoted}"));
        Assert.Equal(reads, await ReadsAsync(connection));
    }

    [Fact]
    public async Task A_left_join_leaves_out_the_keys_only_the_right_dataset_holds()
    {
        var (bed, kit) = Setup();
        var spec = await bed.CreatePolicySourcesAsync("left");
        spec = spec with { Relationships = [spec.Relationships[0] with { Kind = JoinKind.Left }] };
        var viewId = await bed.CreateViewAsync(spec);
        await bed.ApproveAsync(viewId);
        var destination = new TableName("target", "policies_left");

        var job = await bed.MaterializeAsync(kit, new(viewId, 1, destination, WriteMode.Replace));

        Assert.True(job.State == JobState.Succeeded, job.Error);
        Assert.Equal(MaterializeTestbed.ExpectedRows, await bed.RowsAsync(destination));
        Assert.Empty(await bed.RejectsAsync(destination));
        Assert.Contains("\"rowsLeftOutByJoinKind\": 1", job.Result);
    }

    [Fact]
    public async Task An_existing_table_whose_columns_do_not_fit_fails_at_once_and_is_left_alone()
    {
        var (bed, kit) = Setup();
        var viewId = await bed.ApprovedPolicyViewAsync("misfit");
        await using (var connection = await db.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("""
                create schema if not exists target;
                create table target.misfit (policy_id text, holder text, premium integer, start_date date);
                insert into target.misfit values ('kept', null, 1, null);
                """);

        var job = await bed.MaterializeAsync(kit, new(viewId, 1, new TableName("target", "misfit"), WriteMode.Replace));

        Assert.Equal((JobState.Failed, 1), (job.State, job.Attempts));
        Assert.Equal("The table target.misfit does not fit the view: premium is int4, the view's Decimal needs numeric; note is missing.", job.Error);
        await using var check = await db.DataSource.OpenConnectionAsync();
        Assert.Equal("kept", await check.ExecuteScalarAsync<string>("select string_agg(policy_id, ',') from target.misfit"));
    }

    [Fact]
    public async Task Cancelling_a_running_job_stops_it_at_a_batch_and_writes_nothing()
    {
        const int Rows = 400_000;
        var (bed, kit) = Setup();
        var viewId = await bed.CreateViewAsync(await bed.CreateLargeViewAsync("cancel", Rows));
        await bed.ApproveAsync(viewId);
        var destination = new TableName("target", "large_cancelled");
        var id = Assert.IsType<MaterializeOutcome.Enqueued>(await bed.Requests(kit).EnqueueAsync(new MaterializeViewPayload(viewId, 1, destination))).JobId;

        // 400,000 rows a side keep the job busy long enough to be cancelled mid-copy; on a loaded machine that took
        // 10-60 s, so the bounds are generous (conditions are waited for, never slept on).
        var running = kit.RunUntilFinishedAsync(id, seconds: 240);
        var seen = await WaitForAsync(kit, id, j => j.ProgressDone >= 10_000 || j.State.IsFinished(), seconds: 180);
        Assert.True(seen.State == JobState.Processing && seen.ProgressDone is >= 10_000 and < Rows, $"The job was {seen.State} at {seen.ProgressDone} rows when cancelled.");
        Assert.True(await kit.CancelAsync(id));
        var job = await running;

        Assert.Equal(JobState.Cancelled, job.State);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        // The table was made in the write's transaction, so the cancelled job leaves not even an empty one.
        Assert.Null(await connection.ExecuteScalarAsync<string?>("select to_regclass(@Quoted)::text", new { destination.Quoted }));
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("select count(*) from target.workbench_job_effect where job_key = @Key", new { job.Key }));
    }

    private static async Task<JobRecord> WaitForAsync(JobTestKit kit, long id, Func<JobRecord, bool> condition, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var job = await kit.Store.GetAsync(id) ?? throw new InvalidOperationException($"Job {id} is gone.");
            if (condition(job) || DateTime.UtcNow > deadline)
                return job;
            await Task.Delay(20);
        }
    }

    private (MaterializeTestbed Bed, JobTestKit Kit) Setup() => MaterializeTestbed.WithKit(db, _folder);


    private static Task<long> ReadsAsync(Npgsql.NpgsqlConnection connection) =>
        connection.ExecuteScalarAsync<long>("select count(*) from audit_event where action = 'dataset.read'");
}
