using System.Text.Json;
using Workbench.Core.Mapping;
using Workbench.Core.Sql;
using Workbench.IntegrationTests.Jobs;
using Workbench.Application.Jobs;
using Workbench.Application.Materialize;
using Workbench.Testing;
using Xunit;
using Workbench.Core.Jobs;

namespace Workbench.IntegrationTests.Materialize;

/// <summary>Rows that fail a transform or a rule of the view, under each rejects policy, and the counts that must add up.</summary>
public sealed class MaterializeRejectsTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("workbench-rejects-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>
    /// P1's premium (100.50) breaks the range, P3's holder ("Cy") the pattern, P4's date fails its transform; P2 passes.
    /// Every holder is different, and unique is only the report's: it rejects nothing.
    /// </summary>
    private static readonly RuleSpec[] Rules =
        [new("premium", "between", "0,60"), new("holder", "pattern", "^[a-z ]+$"), new("holder", "unique"), new("policy_id", "not_null")];

    [Fact]
    public async Task The_table_policy_writes_good_rows_and_keeps_the_others_apart_with_their_reasons_and_the_counts_add_up()
    {
        var (bed, kit) = Setup();
        var spec = await bed.CreatePolicySourcesAsync("rejtable");
        var viewId = await bed.CreateViewAsync(spec with { Rules = Rules });
        await bed.ApproveAsync(viewId);
        var destination = new TableName("target", "policies_rejtable");

        var job = await bed.MaterializeAsync(kit, new MaterializeViewPayload(viewId, 1, destination));

        Assert.True(job.State == JobState.Succeeded, job.Error);
        Assert.Equal(MaterializeTestbed.ExpectedRows.Where(r => r.Item1 == "P2"), await bed.RowsAsync(destination));
        var rejects = await bed.RejectsAsync(destination);
        Assert.Equal(["P1", "P3", "P4"], rejects.Select(r => r.Key));
        Assert.Equal("premium fails between 0 and 60", rejects[0].Reason);
        Assert.Equal(("P1", "ann x", "100.50", "2024-01-02"), (rejects[0].PolicyId, rejects[0].Holder, rejects[0].Premium, rejects[0].StartDate));
        Assert.Equal("holder fails matches ^[a-z ]+$", rejects[1].Reason);
        Assert.StartsWith(MaterializeTestbed.ExpectedReject(spec).Item7, rejects[2].Reason);

        var result = JsonDocument.Parse(job.Result!).RootElement;
        Assert.Equal(("table", "target.policies_rejtable_rejects", 1, 3), (result.GetProperty("rejects").GetString(),
            result.GetProperty("rejectsTable").GetString(), result.GetProperty("rowsWritten").GetInt64(), result.GetProperty("rowsRejected").GetInt64()));
        var counts = result.GetProperty("reconciliation");
        Assert.Equal((4, 0, 4, 1, 3), (counts.GetProperty("keysJoined").GetInt64(), counts.GetProperty("keysLeftOutByJoinKind").GetInt64(),
            counts.GetProperty("keysKept").GetInt64(), counts.GetProperty("rowsWritten").GetInt64(), counts.GetProperty("rowsRejected").GetInt64()));
        var read = counts.GetProperty("rowsReadPerSource");
        Assert.Equal((5, 3), (read.GetProperty(spec.Datasets[0].Name).GetInt64(), read.GetProperty(spec.Datasets[1].Name).GetInt64()));
        await using var connection = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>(
            "select rows_written from target.workbench_job_effect where job_key = @Key", new { job.Key }));
        Assert.Equal(3L, await connection.ExecuteScalarAsync<long>(
            "select count(*) from target.policies_rejtable_rejects where rejected_at > now() - interval '1 hour'"));
    }

    [Fact]
    public async Task The_fail_policy_fails_the_job_at_once_naming_the_reasons_and_leaves_the_destination_untouched()
    {
        var (bed, kit) = Setup();
        var viewId = await bed.CreateViewAsync((await bed.CreatePolicySourcesAsync("rejfail")) with { Rules = Rules });
        await bed.ApproveAsync(viewId);
        var destination = new TableName("target", "policies_rejfail");
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            create schema if not exists target;
            create table target.policies_rejfail (policy_id text, holder text, premium numeric, start_date date, note text);
            insert into target.policies_rejfail values ('kept', null, 1, null, null);
            """);

        var job = await bed.MaterializeAsync(kit, new MaterializeViewPayload(viewId, 1, destination, WriteMode.Replace, RejectsPolicy.Fail));

        Assert.Equal((JobState.Failed, 1), (job.State, job.Attempts));
        Assert.StartsWith("3 rows were rejected (rejects: fail), so nothing was written: key ", job.Error);
        Assert.Contains("key P1: premium fails between 0 and 60", job.Error);
        Assert.Contains("key P3: holder fails matches ^[a-z ]+$", job.Error);
        Assert.Contains("key P4: start_date: transform failed in ", job.Error);
        Assert.Equal("kept", await connection.ExecuteScalarAsync<string>("select string_agg(policy_id, ',') from target.policies_rejfail"));
        Assert.Null(await connection.ExecuteScalarAsync<string>("select to_regclass('target.policies_rejfail_rejects')::text"));
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>("select count(*) from target.workbench_job_effect where job_key = @Key", new { job.Key }));
    }

    [Fact]
    public async Task A_rejects_table_name_past_the_limit_is_refused_when_asked()
    {
        var (bed, kit) = Setup();
        var name = new string('t', 60);

        var outcome = await bed.Requests(kit).EnqueueAsync(new MaterializeViewPayload(Guid.NewGuid(), 1, new TableName("target", name)));
        var failing = await bed.Requests(kit).EnqueueAsync(new MaterializeViewPayload(Guid.NewGuid(), 1, new TableName("target", name), Rejects: RejectsPolicy.Fail));

        Assert.Contains("choose a shorter table name", Assert.IsType<MaterializeOutcome.InvalidDestination>(outcome).Problem);
        Assert.IsType<MaterializeOutcome.NotFound>(failing);
    }

    private (MaterializeTestbed Bed, JobTestKit Kit) Setup() => MaterializeTestbed.WithKit(db, _folder);

}
