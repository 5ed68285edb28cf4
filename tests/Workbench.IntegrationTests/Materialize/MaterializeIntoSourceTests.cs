using System.Globalization;
using Npgsql;
using Workbench.Core.Lineage;
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

/// <summary>
/// A registered PostgreSQL source (another database of the test server) as the destination: the rows and the effect
/// row there, lineage, audit and the job in the store, and a retry after a crash between the two commits.
/// </summary>
public sealed class MaterializeIntoSourceTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("workbench-destination-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_view_is_written_into_a_registered_source_and_its_lineage_and_audit_stay_in_the_store()
    {
        var (bed, kit) = Setup();
        var viewId = await bed.ApprovedPolicyViewAsync("dest");
        var (warehouse, sourceId) = await WarehouseAsync(bed, "warehouse");
        // In a source's database, public is an ordinary schema.
        var destination = new TableName("public", "policies \"out\"");

        var job = await bed.MaterializeAsync(kit, new MaterializeViewPayload(viewId, 1, destination, DestinationSourceId: sourceId));

        Assert.True(job.State == JobState.Succeeded, job.Error);
        Assert.Equal("Policies dest v1 → public.policies \"out\" in warehouse", job.Label);
        Assert.Equal(MaterializeTestbed.ExpectedRows, await bed.RowsAsync(destination, warehouse));
        await using (var there = new NpgsqlConnection(warehouse))
        {
            Assert.Equal(3L, await there.ExecuteScalarAsync<long>("select rows_written from public.workbench_job_effect where job_key = @Key", new { job.Key }));
            Assert.Equal(1L, await there.ExecuteScalarAsync<long>($"select count(*) from {RejectsTable.Of(destination).Quoted}"));
        }
        await using var store = await db.DataSource.OpenConnectionAsync();
        Assert.Null(await store.ExecuteScalarAsync<string>("select to_regclass(@Quoted)::text", new { destination.Quoted }));
        Assert.Equal(1, await store.ExecuteScalarAsync<int>(
            "select count(*) from audit_event where action = 'materialize.complete' and details ->> 'jobId' = @Id", new { Id = job.Id.ToString(CultureInfo.InvariantCulture) }));
        Assert.Equal("COMPLETE", await store.ExecuteScalarAsync<string>("select state from lineage_run where run_id = @Key", new { job.Key }));
        var queries = new LineageQueries(db.DataSource);
        var table = Assert.Single(await queries.SearchAsync("policies \"out\""), n => n.Kind == LineageNodeKind.Table);
        Assert.Equal((LineageNamespaces.Workbench, "warehouse.public.policies \"out\""), (table.Namespace, table.QualifiedName));
        var columns = await queries.NeighbourhoodAsync(table.Id, upstreamDepth: 1, downstreamDepth: 0, LineageLevel.Column);
        Assert.Equal(7, columns!.Edges.Count);
    }

    [Fact]
    public async Task A_retry_after_the_destination_committed_records_the_run_once_and_writes_no_row_again()
    {
        var (bed, kit) = Setup();
        var viewId = await bed.ApprovedPolicyViewAsync("retry");
        var (warehouse, sourceId) = await WarehouseAsync(bed, "warehouse retry");
        var destination = new TableName("target", "policies");
        var outcome = await bed.Requests(kit).EnqueueAsync(new MaterializeViewPayload(viewId, 1, destination, DestinationSourceId: sourceId));
        var jobId = Assert.IsType<MaterializeOutcome.Enqueued>(outcome).JobId;
        var key = (await kit.Store.GetAsync(jobId))!.Key;
        // What an earlier attempt leaves when its process dies after the destination's commit and before the store's:
        // the rows and their effect row in the destination, nothing in the store.
        await using (var there = new NpgsqlConnection(warehouse))
            await there.ExecuteAsync($"""
                create schema target;
                create table target.policies (policy_id text, holder text, premium numeric, start_date date, note text);
                insert into target.policies values ('P1', 'earlier attempt', 1, null, null);
                create table target.workbench_job_effect (job_key uuid primary key, target text not null, rows_written bigint not null, applied_at timestamptz not null default now());
                insert into target.workbench_job_effect (job_key, target, rows_written) values (@key, 'target.policies', 1);
                """, new { key });

        var job = await kit.RunUntilFinishedAsync(jobId);

        Assert.True(job.State == JobState.Succeeded, job.Error);
        Assert.Contains("\"alreadyApplied\": true", job.Result);
        Assert.Equal([("P1", "earlier attempt", 1m, (DateOnly?)null, (string?)null)], await bed.RowsAsync(destination, warehouse));
        await using var store = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await store.ExecuteScalarAsync<int>(
            "select count(*) from audit_event where action = 'materialize.complete' and details ->> 'jobId' = @Id", new { Id = jobId.ToString(CultureInfo.InvariantCulture) }));
        Assert.Equal("COMPLETE", await store.ExecuteScalarAsync<string>("select state from lineage_run where run_id = @key", new { key }));
    }

    [Fact]
    public async Task A_source_the_workbench_may_not_write_fails_the_job_with_postgresqls_reason_and_a_file_source_is_refused()
    {
        var (bed, kit) = Setup();
        var spec = await bed.CreatePolicySourcesAsync("denied");
        var viewId = await bed.CreateViewAsync(spec);
        await bed.ApproveAsync(viewId);
        var warehouse = await TestPostgres.CreateDatabaseAsync("readonly");
        var reader = $"wb_reader_{Guid.NewGuid():N}"[..24];
        await using (var there = new NpgsqlConnection(warehouse))
            await there.ExecuteAsync($"create role {reader} login password 'reader-secret'; revoke create on database {there.Database} from public; revoke create on schema public from public");
        var readOnly = new NpgsqlConnectionStringBuilder(warehouse) { Username = reader, Password = "reader-secret" }.ConnectionString;
        var sourceId = await bed.RegisterDatabaseAsync("read only warehouse", readOnly, "public");

        var job = await bed.MaterializeAsync(kit, new MaterializeViewPayload(viewId, 1, new TableName("target", "policies"), DestinationSourceId: sourceId));

        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal(1, job.Attempts);
        Assert.Contains("permission denied for database", job.Error);

        var fileSource = (await bed.Sources.ListAsync()).Single(s => s.Name == "csv denied").Id;
        var refused = await bed.Requests(kit).EnqueueAsync(new MaterializeViewPayload(viewId, 1, new TableName("target", "policies"), DestinationSourceId: fileSource));
        Assert.Equal("csv denied is a File source; only PostgreSQL sources can take a materialized table.",
            Assert.IsType<MaterializeOutcome.InvalidDestination>(refused).Problem);
        var gone = await bed.Requests(kit).EnqueueAsync(new MaterializeViewPayload(viewId, 1, new TableName("target", "policies"), DestinationSourceId: Guid.NewGuid()));
        Assert.Equal("The destination source no longer exists.", Assert.IsType<MaterializeOutcome.InvalidDestination>(gone).Problem);
    }

    /// <summary>A new database of the test server, registered as the PostgreSQL source <paramref name="name"/> (schema public).</summary>
    private static async Task<(string ConnectionString, Guid SourceId)> WarehouseAsync(MaterializeTestbed bed, string name)
    {
        var database = await TestPostgres.CreateDatabaseAsync("warehouse");
        return (database, await bed.RegisterDatabaseAsync(name, database, "public"));
    }

    private (MaterializeTestbed Bed, JobTestKit Kit) Setup() => MaterializeTestbed.WithKit(db, _folder);

    private static MaterializeRequests Requests(MaterializeTestbed bed, JobTestKit kit) => bed.Requests(kit);

    private static async Task<JobRecord> MaterializeAsync(JobTestKit kit, MaterializeTestbed bed, MaterializeViewPayload payload)
    {
        var outcome = await bed.Requests(kit).EnqueueAsync(payload);
        return await kit.RunUntilFinishedAsync(Assert.IsType<MaterializeOutcome.Enqueued>(outcome).JobId);
    }
}
