using System.Text.Json;
using Dapper;
using Npgsql;
using Workbench.Application.Audit;

namespace Workbench.Application.Jobs;

/// <summary>
/// The job queue in the store. Every change a worker makes is fenced by its lease (owner, attempt, state), so a
/// worker that lost its claim can never overwrite what the next owner does.
/// </summary>
public sealed class JobQueue(NpgsqlDataSource dataSource, JobOptions options)
{
    /// <summary>Channel of <c>pg_notify</c> when a job becomes due, so idle workers wake at once.</summary>
    public const string NotifyChannel = "workbench_jobs";

    private const string Columns = """
        id as Id, key as Key, kind as Kind, label as Label, payload::text as Payload, state as State, attempts as Attempts,
        max_attempts as MaxAttempts, run_at as RunAt, lease_owner as LeaseOwner, lease_expires_at as LeaseExpiresAt,
        cancel_requested as CancelRequested, progress_done as ProgressDone, progress_total as ProgressTotal,
        progress_started_at as ProgressStartedAt, error as Error, result::text as Result, created_by as CreatedBy,
        created_at as CreatedAt, updated_at as UpdatedAt, finished_at as FinishedAt
        """;

    private const string Fence = "id = @Id and lease_owner = @Worker and attempts = @Attempt and state = 'processing'";

    public JobOptions Options => options;

    public async Task<long> EnqueueAsync(JobRequest request, IActorContext actor, AuditLog audit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await EnqueueAsync(transaction, request, actor, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>Enqueues inside the caller's transaction (on the store), so the job exists exactly when the caller's change does.</summary>
    public async Task<long> EnqueueAsync(NpgsqlTransaction transaction, JobRequest request, IActorContext actor, AuditLog audit, CancellationToken cancellationToken = default)
    {
        var connection = transaction.Connection!;
        var maxAttempts = request.MaxAttempts ?? options.MaxAttempts;
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            insert into job (kind, label, payload, state, max_attempts, run_at, created_by)
            values (@Kind, @Label, @Payload::jsonb, case when @RunAt > now() then 'scheduled' else 'enqueued' end, @MaxAttempts, @RunAt, @Actor)
            returning id
            """,
            new
            {
                request.Kind,
                request.Label,
                Payload = JsonSerializer.Serialize(request.Payload, JsonOptions),
                RunAt = request.RunAt ?? DateTimeOffset.UtcNow,
                MaxAttempts = Math.Max(1, maxAttempts),
                actor.Actor,
            }, transaction, cancellationToken: cancellationToken));
        await audit.RecordAsync(transaction, new AuditEntry("job.enqueue", "job", Id(id), Details: new { request.Kind, request.Label }), cancellationToken);
        await NotifyAsync(transaction, id, cancellationToken);
        return id;
    }

    /// <summary>
    /// Takes the next due job, or one whose worker stopped renewing its lease. Returns null when none is due.
    /// A job whose workers vanished more often than it may be attempted is failed here rather than run again.
    /// </summary>
    public async Task<ClaimedJob?> ClaimAsync(string worker, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await CancelAbandonedAsync(connection, cancellationToken);
        while (true)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var claimed = await connection.QuerySingleOrDefaultAsync<ClaimRow>(new CommandDefinition($"""
                with next as (
                    select id, state as prior_state, lease_owner as prior_owner from job
                    where not cancel_requested
                      and ((state in ('enqueued', 'scheduled') and run_at <= now())
                        or (state = 'processing' and lease_expires_at < now()))
                    order by run_at, id
                    limit 1
                    for update skip locked
                )
                update job set state = 'processing', attempts = job.attempts + 1, lease_owner = @Worker,
                    lease_expires_at = now() + make_interval(secs => @LeaseSeconds),
                    progress_done = 0, progress_started_at = now(), updated_at = now()
                from next where job.id = next.id
                returning {Columns.Replace("id as Id", "job.id as Id")}, next.prior_state as PriorState, next.prior_owner as PriorOwner
                """, new { Worker = worker, LeaseSeconds = options.Lease.TotalSeconds }, transaction, cancellationToken: cancellationToken));
            if (claimed is null)
                return null;

            if (claimed.PriorState == JobState.Processing)
                await connection.ExecuteAsync(new CommandDefinition("""
                    update job_attempt set ended_at = now(), outcome = 'abandoned',
                        error = 'The worker ' || @PriorOwner || ' stopped renewing its lease (process ended or unreachable).'
                    where job_id = @Id and outcome = 'running'
                    """, new { claimed.Id, claimed.PriorOwner }, transaction, cancellationToken: cancellationToken));

            if (claimed.Attempts > claimed.MaxAttempts)
            {
                await connection.ExecuteAsync(new CommandDefinition("""
                    update job set state = 'failed', lease_owner = null, lease_expires_at = null, finished_at = now(), updated_at = now(),
                        error = coalesce(error || E'\n', '') || 'Given up: the job was attempted ' || max_attempts || ' times.'
                    where id = @Id
                    """, new { claimed.Id }, transaction, cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                continue;
            }

            var attemptId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "insert into job_attempt (job_id, attempt, worker) values (@Id, @Attempts, @Worker) returning id",
                new { claimed.Id, claimed.Attempts, Worker = worker }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return new ClaimedJob(claimed.Id, claimed.Key, claimed.Kind, claimed.Label, claimed.Payload, claimed.Attempts, claimed.MaxAttempts, claimed.CreatedBy, worker, attemptId);
        }
    }

    /// <summary>Renews the lease; tells whether it is still held and whether someone asked the job to stop.</summary>
    public Task<LeaseStatus> HeartbeatAsync(ClaimedJob job, CancellationToken cancellationToken = default) =>
        RenewAsync(job, "", null, cancellationToken);

    /// <summary>Stores progress (and renews the lease); called by handlers once per batch.</summary>
    public Task<LeaseStatus> ReportProgressAsync(ClaimedJob job, long done, long? total, CancellationToken cancellationToken = default) =>
        RenewAsync(job, ", progress_done = @Done, progress_total = coalesce(@Total, progress_total)", new { Done = done, Total = total }, cancellationToken);

    private async Task<LeaseStatus> RenewAsync(ClaimedJob job, string extraSet, object? extra, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(extra);
        parameters.AddDynamicParams(new { job.Id, job.Worker, job.Attempt, LeaseSeconds = options.Lease.TotalSeconds });
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var cancel = await connection.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition($"""
            update job set lease_expires_at = now() + make_interval(secs => @LeaseSeconds), updated_at = now(){extraSet}
            where {Fence}
            returning cancel_requested
            """, parameters, cancellationToken: cancellationToken));
        return cancel is null ? LeaseStatus.Lost : cancel.Value ? LeaseStatus.CancelRequested : LeaseStatus.Held;
    }

    /// <summary>
    /// Marks the job succeeded. With a transaction, inside it: the caller's effect and the job's completion then
    /// commit together, or neither does (and a lost lease rolls the effect back).
    /// </summary>
    public async Task CompleteAsync(ClaimedJob job, object? result, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        const string Sql = $"""
            with done as (
                update job set state = 'succeeded', lease_owner = null, lease_expires_at = null, error = null,
                    result = @Result::jsonb, finished_at = now(), updated_at = now()
                where {Fence}
                returning id
            )
            update job_attempt set ended_at = now(), outcome = 'succeeded' where id = @AttemptId and exists (select 1 from done)
            returning id
            """;
        var parameters = new
        {
            job.Id, job.Worker, job.Attempt, job.AttemptId,
            Result = result is null ? null : JsonSerializer.Serialize(result, JsonOptions),
        };
        long? updated;
        if (transaction is not null)
            updated = await transaction.Connection!.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(Sql, parameters, transaction, cancellationToken: cancellationToken));
        else
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            updated = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(Sql, parameters, cancellationToken: cancellationToken));
        }
        if (updated is null)
            throw new LeaseLostException(job.Id);
    }

    /// <summary>Records a failed attempt: scheduled again after a backoff, or failed for good.</summary>
    public async Task<string> FailAsync(ClaimedJob job, string error, bool permanent, TimeSpan retryDelay, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var state = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition($"""
            update job set
                state = case when @Permanent or attempts >= max_attempts then 'failed' else 'scheduled' end,
                run_at = case when @Permanent or attempts >= max_attempts then run_at else now() + make_interval(secs => @DelaySeconds) end,
                finished_at = case when @Permanent or attempts >= max_attempts then now() end,
                lease_owner = null, lease_expires_at = null, error = @Error, updated_at = now()
            where {Fence}
            returning state
            """, new { job.Id, job.Worker, job.Attempt, Permanent = permanent, DelaySeconds = retryDelay.TotalSeconds, Error = error },
            transaction, cancellationToken: cancellationToken));
        await EndAttemptAsync(connection, transaction, job, state is null ? AttemptOutcome.LeaseLost : AttemptOutcome.Failed, error, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return state ?? JobState.Processing;
    }

    /// <summary>The handler stopped because someone cancelled the job.</summary>
    public Task MarkCancelledAsync(ClaimedJob job, CancellationToken cancellationToken = default) =>
        LeaveAsync(job, "state = 'cancelled', finished_at = now(), cancel_requested = false", AttemptOutcome.Cancelled, "Cancelled.", cancellationToken);

    /// <summary>Graceful shutdown: the job goes back to the queue; the interrupted attempt does not count.</summary>
    public Task ReleaseAsync(ClaimedJob job, CancellationToken cancellationToken = default) =>
        LeaveAsync(job, "state = 'enqueued', run_at = now(), attempts = attempts - 1", AttemptOutcome.Interrupted, "The workbench was shutting down; returned to the queue.", cancellationToken);

    private async Task LeaveAsync(ClaimedJob job, string set, string outcome, string note, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var left = await connection.ExecuteAsync(new CommandDefinition(
            $"update job set {set}, lease_owner = null, lease_expires_at = null, updated_at = now() where {Fence}",
            new { job.Id, job.Worker, job.Attempt }, transaction, cancellationToken: cancellationToken));
        await EndAttemptAsync(connection, transaction, job, left == 1 ? outcome : AttemptOutcome.LeaseLost, note, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (left == 1 && outcome == AttemptOutcome.Interrupted)
            await NotifyAsync(connection, null, job.Id, cancellationToken);
    }

    /// <summary>Closes this worker's attempt row after it lost its lease.</summary>
    public async Task AbandonAsync(ClaimedJob job, string reason, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await EndAttemptAsync(connection, null, job, AttemptOutcome.LeaseLost, reason, cancellationToken);
    }

    private static Task EndAttemptAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, ClaimedJob job, string outcome, string? error, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            "update job_attempt set ended_at = now(), outcome = @Outcome, error = @Error where id = @AttemptId and outcome = 'running'",
            new { job.AttemptId, Outcome = outcome, Error = error }, transaction, cancellationToken: cancellationToken));

    /// <summary>A waiting job is cancelled at once; a running one stops at its next batch. False when the job is already finished or gone.</summary>
    public async Task<bool> CancelAsync(long id, AuditLog audit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var state = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition("""
            update job set
                state = case when state = 'processing' then state else 'cancelled' end,
                cancel_requested = state = 'processing',
                finished_at = case when state = 'processing' then finished_at else now() end,
                updated_at = now()
            where id = @Id and state in ('enqueued', 'scheduled', 'processing')
            returning state
            """, new { Id = id }, transaction, cancellationToken: cancellationToken));
        if (state is null)
            return false;
        await audit.RecordAsync(transaction, new AuditEntry("job.cancel", "job", Id(id), Details: new { state }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Runs a failed, cancelled or scheduled job again now, with a fresh allowance of attempts.</summary>
    public async Task<bool> RetryAsync(long id, AuditLog audit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var retried = await connection.ExecuteAsync(new CommandDefinition("""
            update job set state = 'enqueued', run_at = now(), cancel_requested = false, finished_at = null,
                max_attempts = case when state = 'scheduled' then max_attempts else attempts + @MaxAttempts end, updated_at = now()
            where id = @Id and state in ('failed', 'cancelled', 'scheduled')
            """, new { Id = id, options.MaxAttempts }, transaction, cancellationToken: cancellationToken));
        if (retried == 0)
            return false;
        await audit.RecordAsync(transaction, new AuditEntry("job.retry", "job", Id(id)), cancellationToken);
        await NotifyAsync(transaction, id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Removes a finished job and its attempts. Waiting or running jobs must be cancelled first.</summary>
    public async Task<bool> DeleteAsync(long id, AuditLog audit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var kind = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "delete from job where id = @Id and state in ('succeeded', 'failed', 'cancelled') returning kind",
            new { Id = id }, transaction, cancellationToken: cancellationToken));
        if (kind is null)
            return false;
        await audit.RecordAsync(transaction, new AuditEntry("job.delete", "job", Id(id), Details: new { kind }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<JobRecord?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<JobRecord>(new CommandDefinition(
            $"select {Columns} from job where id = @Id", new { Id = id }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<JobRecord>> ListAsync(JobFilter filter, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<JobRecord>(new CommandDefinition($"""
            select {Columns} from job
            where (@State is null or state = @State) and (@Kind is null or kind = @Kind)
              and (@Label is null or label ilike '%' || @Label || '%')
            order by case when state in ('processing', 'enqueued', 'scheduled') then 0 else 1 end, id desc
            limit @Limit
            """, new { filter.State, filter.Kind, filter.Label, Limit = Math.Clamp(filter.Limit, 1, 1000) }, cancellationToken: cancellationToken))).ToList();
    }

    public async Task<IReadOnlyList<JobAttemptRecord>> AttemptsAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<JobAttemptRecord>(new CommandDefinition("""
            select id as Id, job_id as JobId, attempt as Attempt, worker as Worker, started_at as StartedAt,
                   ended_at as EndedAt, outcome as Outcome, error as Error
            from job_attempt where job_id = @Id order by id
            """, new { Id = id }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Jobs per state, every state present (zero when none).</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string State, long Count)>(new CommandDefinition(
            "select state, count(*) from job group by state", cancellationToken: cancellationToken));
        var counts = JobState.All.ToDictionary(s => s, _ => 0L);
        foreach (var (state, count) in rows)
            counts[state] = count;
        return counts;
    }

    /// <summary>A cancel asked of a job whose worker then vanished completes here, instead of the job running again.</summary>
    private static async Task CancelAbandonedAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition("""
            with cancelled as (
                update job set state = 'cancelled', cancel_requested = false, lease_owner = null, lease_expires_at = null,
                    finished_at = now(), updated_at = now()
                where state = 'processing' and cancel_requested and lease_expires_at < now()
                returning id
            )
            update job_attempt set ended_at = now(), outcome = 'abandoned', error = 'Cancelled while its worker was unreachable.'
            where outcome = 'running' and job_id in (select id from cancelled)
            """, cancellationToken: cancellationToken));

    private static Task NotifyAsync(NpgsqlTransaction transaction, long id, CancellationToken cancellationToken) =>
        NotifyAsync(transaction.Connection!, transaction, id, cancellationToken);

    private static Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, long id, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("select pg_notify(@Channel, @Id)",
            new { Channel = NotifyChannel, Id = Id(id) }, transaction, cancellationToken: cancellationToken));

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    internal sealed class ClaimRow
    {
        public long Id { get; init; }
        public Guid Key { get; init; }
        public string Kind { get; init; } = "";
        public string Label { get; init; } = "";
        public string Payload { get; init; } = "{}";
        public string State { get; init; } = "";
        public int Attempts { get; init; }
        public int MaxAttempts { get; init; }
        public string CreatedBy { get; init; } = "";
        public string? PriorState { get; init; }
        public string? PriorOwner { get; init; }
    }
}

public enum LeaseStatus
{
    Held,
    CancelRequested,
    Lost,
}
