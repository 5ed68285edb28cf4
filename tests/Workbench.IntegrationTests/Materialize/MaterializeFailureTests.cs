using Workbench.Core.Sql;
using Workbench.Application.Jobs;
using Workbench.Application.Materialize;
using Workbench.Testing;
using Xunit;
using Workbench.Core.Jobs;

namespace Workbench.IntegrationTests.Materialize;

/// <summary>A materialization that cannot succeed fails at once, says why, and leaves no table of its own making behind.</summary>
public sealed class MaterializeFailureTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("workbench-materialize-failure-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_malformed_record_fails_the_job_at_once_with_the_record_named_and_drops_the_tables_it_made()
    {
        var (bed, kit) = MaterializeTestbed.WithKit(db, _folder);
        var viewId = await bed.ApprovedPolicyViewAsync("ragged");
        // The file's schema was read when the source was registered; now a row has a field too many.
        File.AppendAllText(Path.Combine(_folder, "policies_ragged.csv"), "P5,Eve,1,2024-03-04,surplus\n");
        var destination = new TableName("target_ragged", "policies");

        var job = await bed.MaterializeAsync(kit, new(viewId, 1, destination, WriteMode.Replace, RejectsPolicy.Table));

        Assert.Equal((JobState.Failed, 1), (job.State, job.Attempts));
        Assert.Contains("Malformed record at line 5", job.Error);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        Assert.Null(await connection.ExecuteScalarAsync<string?>("select to_regclass(@Quoted)::text", new { destination.Quoted }));
        Assert.Null(await connection.ExecuteScalarAsync<string?>("select to_regclass(@Quoted)::text", new { RejectsTable.Of(destination).Quoted }));
    }

    [Fact]
    public async Task A_failing_job_leaves_an_existing_destination_and_its_rows_alone()
    {
        var (bed, kit) = MaterializeTestbed.WithKit(db, _folder);
        var viewId = await bed.ApprovedPolicyViewAsync("kept");
        File.AppendAllText(Path.Combine(_folder, "policies_kept.csv"), "P5,Eve,1,2024-03-04,surplus\n");
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            create schema target_kept;
            create table target_kept.policies (policy_id text, holder text, premium numeric, start_date date, note text);
            insert into target_kept.policies (policy_id) values ('kept');
            """);

        var job = await bed.MaterializeAsync(kit, new(viewId, 1, new TableName("target_kept", "policies"), WriteMode.Replace, RejectsPolicy.Fail));

        Assert.Equal((JobState.Failed, 1), (job.State, job.Attempts));
        Assert.Equal("kept", await connection.ExecuteScalarAsync<string>("select string_agg(policy_id, ',') from target_kept.policies"));
    }
}
