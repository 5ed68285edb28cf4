using Workbench.Core.Sql;
using Npgsql;
using Workbench.Application.Jobs;
using Workbench.Application.Materialize;
using Workbench.Testing;
using Xunit;
using Workbench.Core.Jobs;

namespace Workbench.IntegrationTests.Jobs;

public sealed class TableCopyJobTests(MigratedDatabaseFixture db) : IClassFixture<MigratedDatabaseFixture>
{
    [Fact]
    public async Task Copies_every_row_into_a_destination_whose_names_need_quoting_then_replaces_and_appends()
    {
        await ExecuteAsync(""""
            create schema "odd ""schema""";
            create table "odd ""schema""".src (id bigint, "holder name" text, premium numeric(12,2), effective date, tags text[]);
            insert into "odd ""schema""".src select g, 'holder ' || g, g * 1.5, date '2024-01-01' + g, array['a', null]
                from generate_series(1, 25000) g;
            insert into "odd ""schema""".src values (null, null, null, null, null);
            create table "odd ""schema"""."Policy ""Copy"" 2026" (
                serial_no bigint generated always as identity, id bigint, "holder name" text, premium numeric(12,2), effective date, tags text[]);
            """");
        var source = new TableName("odd \"schema\"", "src");
        var destination = new TableName("odd \"schema\"", "Policy \"Copy\" 2026");
        var kit = Kit();

        var first = await kit.RunUntilFinishedAsync(await kit.EnqueueAsync(TableCopyJob.KindName, new TableCopyPayload(source, destination)));
        var second = await kit.RunUntilFinishedAsync(await kit.EnqueueAsync(TableCopyJob.KindName, new TableCopyPayload(source, destination)));
        Assert.Equal(25_001L, await CountAsync(destination));
        var third = await kit.RunUntilFinishedAsync(await kit.EnqueueAsync(TableCopyJob.KindName, new TableCopyPayload(source, destination, WriteMode.Append)));

        Assert.All(new[] { first, second, third }, j => Assert.Equal(JobState.Succeeded, j.State));
        Assert.Equal(50_002L, await CountAsync(destination));
        Assert.Equal(25_001L, third.ProgressDone);
        Assert.Contains("\"rowsRead\": 25001", third.Result);
        Assert.Contains("\"rowsWritten\": 25001", third.Result);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var sample = await connection.QuerySingleAsync<(string Holder, decimal Premium, DateOnly Effective, string Tags)>(
            $"""select "holder name", premium, effective, tags::text from {destination.Quoted} where id = 7 limit 1""");
        Assert.Equal(("holder 7", 10.50m, new DateOnly(2024, 1, 8), "{a,NULL}"), sample);
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>(
            "select count(*) from audit_event where action = 'job.table-copy' and entity_id = @id", new { id = third.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
    }

    [Fact]
    public async Task Running_the_same_effect_again_applies_it_once()
    {
        await ExecuteAsync("""
            create table once_src (id int, name text);
            insert into once_src select g, 'n' || g from generate_series(1, 1000) g;
            create table once_dst (id int, name text);
            """);
        var request = new TableWriteRequest(new TableName("public", "once_dst"), ["id", "name"], WriteMode.Append, Guid.NewGuid(), BatchSize: 100);

        var first = await WriteAsync(request);
        var again = await WriteAsync(request);

        Assert.Equal(new TableWriteResult(1000, false), first);
        Assert.True(again.AlreadyApplied);
        Assert.Equal(1000L, await CountAsync(new TableName("public", "once_dst")));
    }

    [Fact]
    public async Task Two_writers_of_one_effect_at_the_same_time_apply_it_once()
    {
        await ExecuteAsync("""
            create table race_src (id int);
            insert into race_src select generate_series(1, 20000);
            create table race_dst (id int);
            """);
        var request = new TableWriteRequest(new TableName("public", "race_dst"), ["id"], WriteMode.Append, Guid.NewGuid());

        var results = await Task.WhenAll(WriteAsync(request, "race_src"), WriteAsync(request, "race_src"));

        Assert.Equal(1, results.Count(r => !r.AlreadyApplied));
        Assert.Equal(20_000L, await CountAsync(new TableName("public", "race_dst")));
    }

    [Fact]
    public async Task While_rows_go_in_others_see_the_old_rows_and_a_second_writer_of_the_effect_waits_without_reading()
    {
        await ExecuteAsync("""
            create table hold_dst (id int);
            insert into hold_dst values (-1), (-2);
            """);
        var request = new TableWriteRequest(new TableName("public", "hold_dst"), ["id"], WriteMode.Replace, Guid.NewGuid(), BatchSize: 100);
        var halfway = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondRead = false;

        await using var first = await db.DataSource.OpenConnectionAsync();
        var firstWrite = TableWriter.WriteAsync(first, request, HeldHalfway(), NoProgress, null, CancellationToken.None);
        await halfway.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await using (var reader = await db.DataSource.OpenConnectionAsync())
            Assert.Equal([-2, -1], await reader.QueryAsync<int>("select id from hold_dst order by id"));

        await using var second = await db.DataSource.OpenConnectionAsync();
        var secondWrite = TableWriter.WriteAsync(second, request, Recorded(), NoProgress, null, CancellationToken.None);
        await WaitUntilBlockedAsync(second.ProcessID);
        Assert.False(secondWrite.IsCompleted);
        release.SetResult();

        var results = await Task.WhenAll(firstWrite, secondWrite);
        Assert.Equal(new TableWriteResult(1000, false), results[0]);
        Assert.Equal(new TableWriteResult(1000, true), results[1]);
        Assert.False(secondRead);
        Assert.Equal(1000L, await CountAsync(new TableName("public", "hold_dst")));

        async IAsyncEnumerable<object?[]> HeldHalfway()
        {
            for (var id = 1; id <= 1000; id++)
            {
                if (id == 501)
                {
                    halfway.SetResult();
                    await release.Task;
                }
                yield return [id];
            }
        }

        async IAsyncEnumerable<object?[]> Recorded()
        {
            secondRead = true;
            await Task.Yield();
            yield return [0];
        }
    }

    private static Task NoProgress(long done, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Until PostgreSQL shows the backend waiting on a lock (the effect's claim), within 30 s.</summary>
    private async Task WaitUntilBlockedAsync(int processId)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await connection.ExecuteScalarAsync<string?>(
                   "select wait_event_type from pg_stat_activity where pid = @processId", new { processId }) != "Lock")
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Backend {processId} never waited on a lock.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_copy_stopped_mid_way_leaves_the_destination_as_it_was()
    {
        await ExecuteAsync("""
            create table stop_src (id int);
            insert into stop_src select generate_series(1, 50000);
            create table stop_dst (id int);
            insert into stop_dst values (-1);
            """);
        var request = new TableWriteRequest(new TableName("public", "stop_dst"), ["id"], WriteMode.Replace, Guid.NewGuid(), BatchSize: 1000);

        await Assert.ThrowsAsync<JobCancelledException>(() => WriteAsync(request, "stop_src",
            (done, _) => done >= 20_000 ? throw new JobCancelledException(0) : Task.CompletedTask));

        await using var connection = await db.DataSource.OpenConnectionAsync();
        Assert.Equal([-1], await connection.QueryAsync<int>("select id from stop_dst"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*) from workbench_job_effect where job_key = @EffectKey", new { request.EffectKey }));
    }

    [Fact]
    public async Task A_missing_table_fails_the_job_without_retries()
    {
        var kit = Kit();
        var id = await kit.EnqueueAsync(TableCopyJob.KindName, new TableCopyPayload(new TableName("public", "nowhere"), new TableName("public", "nothing")));

        var job = await kit.RunUntilFinishedAsync(id);

        Assert.Equal(JobState.Failed, job.State);
        Assert.Equal(1, job.Attempts);
        Assert.Contains("public.nowhere does not exist", job.Error);
    }

    private JobTestKit Kit() => new(db.DataSource, [new TableCopyJob(db.DataSource, new Workbench.Application.Audit.AuditLog(db.DataSource, new Workbench.Application.Audit.SystemActor("tester")))]);

    private async Task<TableWriteResult> WriteAsync(TableWriteRequest request, string source = "once_src", Func<long, CancellationToken, Task>? onBatch = null)
    {
        await using var reader = await db.DataSource.OpenConnectionAsync();
        await using var writer = await db.DataSource.OpenConnectionAsync();
        return await TableWriter.WriteAsync(writer, request, ReadAsync(reader, source, request.Columns), onBatch ?? NoProgress, null, CancellationToken.None);
    }

    private static async IAsyncEnumerable<object?[]> ReadAsync(NpgsqlConnection connection, string table, IReadOnlyList<string> columns)
    {
        await using var command = new NpgsqlCommand($"select {string.Join(", ", columns)} from {table}", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new object?[columns.Count];
            reader.GetValues(row!);
            yield return row;
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(sql);
    }

    private async Task<long> CountAsync(TableName table)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>($"select count(*) from {table.Quoted}");
    }
}
