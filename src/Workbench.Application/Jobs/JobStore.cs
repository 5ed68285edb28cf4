using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Workbench.Application.Audit;
using Workbench.Storage.Store;
using Workbench.Core.Jobs;
using Workbench.Storage.Jobs;

namespace Workbench.Application.Jobs;

/// <summary>
/// The workbench's own record of its jobs (<c>job</c>, <c>job_attempt</c>): what was asked, by whom, its state,
/// progress, result and attempts. Hangfire dispatches and retries the runs (<see cref="JobDispatcher"/>); this is the
/// steward's view of them, and the fence that keeps a superseded run from writing over the current one.
/// </summary>
public sealed class JobStore(NpgsqlDataSource dataSource, JobOptions options, IDbContextFactory<WorkbenchDbContext>? contexts = null)
{
    private readonly IDbContextFactory<WorkbenchDbContext> _contexts = contexts ?? new DataSourceContextFactory(dataSource);
    private readonly DbContextOptions<WorkbenchDbContext> _enlistedOptions = WorkbenchDbContext.Options(dataSource);

    public JobOptions Options => options;

    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>Records a job in its own transaction. It runs once <see cref="JobDispatcher"/> hands it to Hangfire.</summary>
    public async Task<long> EnqueueAsync(JobRequest request, IActorContext actor, AuditLog audit, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await EnqueueAsync(transaction, request, actor, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    /// <summary>Records a job inside the caller's transaction (on the store), so the job exists exactly when the caller's change does.</summary>
    public async Task<long> EnqueueAsync(NpgsqlTransaction transaction, JobRequest request, IActorContext actor, AuditLog audit, CancellationToken cancellationToken = default)
    {
        await using var db = await EnlistedAsync(transaction, cancellationToken);
        return await EnqueueAsync(db, request, actor, audit, cancellationToken);
    }

    /// <summary>Records a job through the caller's context, inside the transaction it began.</summary>
    public async Task<long> EnqueueAsync(WorkbenchDbContext db, JobRequest request, IActorContext actor, AuditLog audit, CancellationToken cancellationToken = default)
    {
        var now = DateTime.UtcNow;
        var runAt = request.RunAt?.UtcDateTime ?? now;
        var job = new JobEntity
        {
            Key = Guid.NewGuid(),
            Kind = request.Kind,
            Label = request.Label,
            Payload = JsonSerializer.Serialize(request.Payload, JsonOptions),
            State = runAt > now ? JobState.Scheduled : JobState.Enqueued,
            MaxAttempts = Math.Max(1, request.MaxAttempts ?? options.MaxAttempts),
            RunAt = runAt,
            CreatedBy = actor.Actor,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Jobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(db, new AuditEntry("job.enqueue", "job", Id(job.Id), Details: new { request.Kind, request.Label }), cancellationToken);
        return job.Id;
    }

    /// <summary>
    /// Starts an attempt of job <paramref name="id"/> for the Hangfire job <paramref name="dispatchId"/> (null: run
    /// directly, as tests do). Null when there is nothing to run: the job is gone, finished, cancelled, or belongs to
    /// another dispatch. An attempt a dead process left open is closed as abandoned; a job that was attempted as
    /// often as it may be is failed here rather than run again.
    /// </summary>
    public async Task<RunningJob?> StartAsync(long id, string? dispatchId, string worker, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var job = await LockedAsync(db, id, skipLocked: false, cancellationToken);
        if (job is null || job.State.IsFinished())
            return null;
        if (dispatchId is not null)
        {
            // A claim means a dispatcher is still recording this very dispatch (Hangfire can run a job before its
            // client call returns): the first run takes the job, as it would an undispatched one.
            if (job.DispatchId is null || DispatchClaim.Is(job.DispatchId))
                job.DispatchId = dispatchId;
            else if (job.DispatchId != dispatchId)
                return null;
        }

        var now = DateTime.UtcNow;
        var open = await db.JobAttempts.Where(a => a.JobId == id && a.Outcome == AttemptOutcome.Running).ToListAsync(cancellationToken);
        foreach (var attempt in open)
        {
            attempt.EndedAt = now;
            attempt.Outcome = job.CancelRequested ? AttemptOutcome.Cancelled : AttemptOutcome.Abandoned;
            attempt.Error = job.CancelRequested
                ? "Cancelled while its process was gone."
                : $"The process {attempt.Worker.Split('/')[0]} stopped without finishing it (it ended or lost the store).";
        }
        job.UpdatedAt = now;
        if (job.CancelRequested)
        {
            job.State = JobState.Cancelled;
            job.CancelRequested = false;
            job.FinishedAt = now;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return null;
        }
        if (job.Attempts >= job.MaxAttempts)
        {
            job.State = JobState.Failed;
            job.FinishedAt = now;
            job.Error = (job.Error is null ? "" : job.Error + "\n") + $"Given up: the job was attempted {job.MaxAttempts} times.";
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return null;
        }

        job.Attempts++;
        job.State = JobState.Processing;
        job.Worker = worker;
        job.ProgressDone = 0;
        job.ProgressStartedAt = now;
        var row = new JobAttemptEntity { JobId = id, Attempt = job.Attempts, Worker = worker, StartedAt = now, Outcome = AttemptOutcome.Running };
        db.JobAttempts.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RunningJob(job.Id, job.Key, job.Kind, job.Label, job.Payload, job.Attempts, job.MaxAttempts, job.CreatedBy, worker, row.Id);
    }

    /// <summary>Stores progress; tells the run whether it still holds the job and whether someone asked it to stop.</summary>
    public async Task<RunStatus> ReportProgressAsync(RunningJob job, long done, long? total, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var now = DateTime.UtcNow;
        var updated = await Fenced(db, job).ExecuteUpdateAsync(set => set
            .SetProperty(j => j.ProgressDone, done)
            .SetProperty(j => j.ProgressTotal, j => total ?? j.ProgressTotal)
            .SetProperty(j => j.UpdatedAt, now), cancellationToken);
        if (updated == 0)
            return RunStatus.Superseded;
        return await CancelRequestedAsync(db, job.Id, cancellationToken) ? RunStatus.CancelRequested : RunStatus.Held;
    }

    /// <summary>Whether someone asked the running job to stop (false when it is gone).</summary>
    public async Task<bool> CancelRequestedAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await CancelRequestedAsync(db, id, cancellationToken);
    }

    /// <summary>
    /// Marks the job succeeded. With a transaction, inside it: the caller's effect and the job's completion then commit
    /// together, or neither does (and a superseded run rolls its effect back).
    /// </summary>
    public async Task CompleteAsync(RunningJob job, object? result, NpgsqlTransaction? transaction = null, CancellationToken cancellationToken = default)
    {
        await using var db = transaction is null ? await _contexts.CreateDbContextAsync(cancellationToken) : await EnlistedAsync(transaction, cancellationToken);
        var now = DateTime.UtcNow;
        var json = result is null ? null : JsonSerializer.Serialize(result, JsonOptions);
        var updated = await Fenced(db, job).ExecuteUpdateAsync(set => set
            .SetProperty(j => j.State, JobState.Succeeded)
            .SetProperty(j => j.Error, (string?)null)
            .SetProperty(j => j.Result, json)
            .SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.UpdatedAt, now), cancellationToken);
        if (updated == 0)
            throw new AttemptSupersededException(job.Id);
        await EndAttemptAsync(db, job, AttemptOutcome.Succeeded, null, cancellationToken);
    }

    /// <summary>Records a failed attempt: scheduled again after <paramref name="retryDelay"/>, or failed for good. Returns the state the job is in now.</summary>
    public async Task<JobState> FailAsync(RunningJob job, string error, bool permanent, TimeSpan retryDelay, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = DateTime.UtcNow;
        var final = permanent || job.Attempt >= job.MaxAttempts;
        var state = final ? JobState.Failed : JobState.Scheduled;
        var runAt = now + retryDelay;
        var updated = final
            ? await Fenced(db, job).ExecuteUpdateAsync(set => set
                .SetProperty(j => j.State, state).SetProperty(j => j.FinishedAt, now)
                .SetProperty(j => j.Error, error).SetProperty(j => j.UpdatedAt, now), cancellationToken)
            : await Fenced(db, job).ExecuteUpdateAsync(set => set
                .SetProperty(j => j.State, state).SetProperty(j => j.RunAt, runAt)
                .SetProperty(j => j.Error, error).SetProperty(j => j.UpdatedAt, now), cancellationToken);
        await EndAttemptAsync(db, job, updated == 0 ? AttemptOutcome.Superseded : AttemptOutcome.Failed, error, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return updated == 0 ? JobState.Processing : state;
    }

    /// <summary>The run stopped because someone cancelled the job.</summary>
    public async Task MarkCancelledAsync(RunningJob job, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = DateTime.UtcNow;
        var updated = await Fenced(db, job).ExecuteUpdateAsync(set => set
            .SetProperty(j => j.State, JobState.Cancelled).SetProperty(j => j.CancelRequested, false)
            .SetProperty(j => j.FinishedAt, now).SetProperty(j => j.UpdatedAt, now), cancellationToken);
        await EndAttemptAsync(db, job, updated == 0 ? AttemptOutcome.Superseded : AttemptOutcome.Cancelled, "Cancelled.", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The process is stopping: the job goes back to waiting and the interrupted attempt does not count. Its dispatch
    /// is cleared, so whichever run comes next (Hangfire's own requeue, or a new dispatch) takes it.
    /// </summary>
    public async Task ReleaseAsync(RunningJob job, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = DateTime.UtcNow;
        var updated = await Fenced(db, job).ExecuteUpdateAsync(set => set
            .SetProperty(j => j.State, JobState.Enqueued).SetProperty(j => j.RunAt, now)
            .SetProperty(j => j.Attempts, j => j.Attempts - 1).SetProperty(j => j.DispatchId, (string?)null)
            .SetProperty(j => j.UpdatedAt, now), cancellationToken);
        await EndAttemptAsync(db, job, updated == 0 ? AttemptOutcome.Superseded : AttemptOutcome.Interrupted,
            "The workbench was shutting down; returned to the queue.", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Closes this run's attempt after another run took the job over.</summary>
    public async Task SupersededAsync(RunningJob job, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await EndAttemptAsync(db, job, AttemptOutcome.Superseded, "Another run took the job over.", cancellationToken);
    }

    /// <summary>
    /// A waiting job is cancelled at once; a running one stops at its next batch. Null when the job is already
    /// finished or gone; otherwise the dispatch of a waiting job, which the caller takes back from Hangfire.
    /// </summary>
    public async Task<(bool Done, string? WaitingDispatch)> CancelAsync(long id, AuditLog audit, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var job = await LockedAsync(db, id, skipLocked: false, cancellationToken);
        if (job is null || job.State.IsFinished())
            return (false, null);
        var state = job.State;
        var now = DateTime.UtcNow;
        if (state == JobState.Processing)
            job.CancelRequested = true;
        else
        {
            job.State = JobState.Cancelled;
            job.FinishedAt = now;
        }
        job.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(db, new AuditEntry("job.cancel", "job", Id(id), Details: new { state = state.Stored() }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (true, state == JobState.Processing ? null : job.DispatchId);
    }

    /// <summary>
    /// Makes a failed, cancelled or scheduled job wait to run again now, with a fresh allowance of attempts, and clears
    /// its dispatch (returned, for the caller to take back from Hangfire) so it is dispatched anew.
    /// </summary>
    public async Task<(bool Done, string? OldDispatch)> RetryAsync(long id, AuditLog audit, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var job = await LockedAsync(db, id, skipLocked: false, cancellationToken);
        if (job is null || job.State is not (JobState.Failed or JobState.Cancelled or JobState.Scheduled))
            return (false, null);
        var old = job.DispatchId;
        if (job.State != JobState.Scheduled)
            job.MaxAttempts = job.Attempts + options.MaxAttempts;
        job.State = JobState.Enqueued;
        job.RunAt = job.UpdatedAt = DateTime.UtcNow;
        job.CancelRequested = false;
        job.FinishedAt = null;
        job.DispatchId = null;
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(db, new AuditEntry("job.retry", "job", Id(id)), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (true, old);
    }

    /// <summary>Removes a finished job and its attempts (waiting or running jobs must be cancelled first); returns its dispatch.</summary>
    public async Task<(bool Done, string? Dispatch)> DeleteAsync(long id, AuditLog audit, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var job = await LockedAsync(db, id, skipLocked: false, cancellationToken);
        if (job is null || !job.State.IsFinished())
            return (false, null);
        db.Jobs.Remove(job);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(db, new AuditEntry("job.delete", "job", Id(id), Details: new { kind = job.Kind }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (true, job.DispatchId);
    }

    public async Task<JobRecord?> GetAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await Records(db.Jobs.AsNoTracking().Where(j => j.Id == id)).SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<JobRecord>> ListAsync(JobFilter filter, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var jobs = db.Jobs.AsNoTracking();
        if (filter.State is { } state)
            jobs = jobs.Where(j => j.State == state);
        if (filter.Kind is { } kind)
            jobs = jobs.Where(j => j.Kind == kind);
        if (filter.Label is { } label)
            jobs = jobs.Where(j => EF.Functions.ILike(j.Label, "%" + label + "%"));
        var ordered = jobs
            .OrderBy(j => j.State == JobState.Processing || j.State == JobState.Enqueued || j.State == JobState.Scheduled ? 0 : 1)
            .ThenByDescending(j => j.Id)
            .Take(Math.Clamp(filter.Limit, 1, 1000));
        return await Records(ordered).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<JobAttemptRecord>> AttemptsAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.JobAttempts.AsNoTracking().Where(a => a.JobId == id).OrderBy(a => a.Id)
            .Select(a => new JobAttemptRecord
            {
                Id = a.Id, JobId = a.JobId, Attempt = a.Attempt, Worker = a.Worker, StartedAt = Utc(a.StartedAt),
                EndedAt = a.EndedAt == null ? null : Utc(a.EndedAt.Value), Outcome = a.Outcome, Error = a.Error,
            })
            .ToListAsync(cancellationToken);
    }

    /// <summary>Jobs per state, every state present (zero when none).</summary>
    public async Task<IReadOnlyDictionary<JobState, long>> CountsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Jobs.GroupBy(j => j.State).Select(g => new { g.Key, Count = g.LongCount() }).ToListAsync(cancellationToken);
        var counts = JobStates.All.ToDictionary(s => s, _ => 0L);
        foreach (var row in rows)
            counts[row.Key] = row.Count;
        return counts;
    }

    /// <summary>
    /// Jobs that wait or run but were never handed to Hangfire (enqueued by an earlier version, or a process died in
    /// between, before or while it claimed them), oldest first.
    /// </summary>
    public async Task<IReadOnlyList<long>> UndispatchedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var staleBefore = DateTime.UtcNow - DispatchClaim.Timeout;
        return await db.Jobs.AsNoTracking()
            .Where(j => (j.DispatchId == null || (j.DispatchId.StartsWith(DispatchClaim.Prefix) && j.UpdatedAt < staleBefore))
                && (j.State == JobState.Enqueued || j.State == JobState.Scheduled || j.State == JobState.Processing))
            .OrderBy(j => j.Id).Select(j => j.Id).Take(500).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Hands job <paramref name="id"/> to <paramref name="dispatch"/> (which creates the Hangfire job and returns its
    /// id) once, without holding the job's row while Hangfire is called, so a steward's cancel never waits for it. A
    /// short transaction claims the job (<see cref="DispatchClaim"/>), Hangfire is called, and a second one records its
    /// id. When the job changed meanwhile (cancelled, retried, or already taken by a run) the new Hangfire job is given
    /// to <paramref name="withdraw"/>. False when it needs no dispatch: it is dispatched or claimed already, finished,
    /// gone, or another dispatcher holds it now.
    /// </summary>
    public async Task<bool> DispatchAsync(
        long id, Func<JobState, DateTimeOffset, Task<string>> dispatch, Func<string, Task> withdraw, CancellationToken cancellationToken = default)
    {
        if (await ClaimDispatchAsync(id, cancellationToken) is not { } claimed)
            return false;
        string dispatchId;
        try
        {
            dispatchId = await dispatch(claimed.State, claimed.RunAt);
        }
        catch
        {
            // Hangfire refused: the claim goes, so the sweep dispatches the job again.
            await SettleClaimAsync(id, claimed.Claim, null, CancellationToken.None);
            throw;
        }
        if (await SettleClaimAsync(id, claimed.Claim, dispatchId, CancellationToken.None))
            return true;
        await withdraw(dispatchId);
        return false;
    }

    /// <summary>Claims an undispatched job (or one whose claim went stale) in a transaction of its own.</summary>
    private async Task<(string Claim, JobState State, DateTimeOffset RunAt)?> ClaimDispatchAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var job = await LockedAsync(db, id, skipLocked: true, cancellationToken);
        var now = DateTime.UtcNow;
        if (job is null || job.State.IsFinished() || !(job.DispatchId is null || DispatchClaim.IsStale(job.DispatchId, job.UpdatedAt, now)))
            return null;
        job.DispatchId = DispatchClaim.New();
        job.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (job.DispatchId, job.State, new DateTimeOffset(DateTime.SpecifyKind(job.RunAt, DateTimeKind.Utc)));
    }

    /// <summary>
    /// Replaces this dispatcher's claim with the Hangfire job's id (or with nothing when Hangfire refused), if the claim
    /// still stands on a job that waits or runs; one statement, so no row is held. Also true when that Hangfire job
    /// already started the job and put its id there itself.
    /// </summary>
    private async Task<bool> SettleClaimAsync(long id, string claim, string? dispatchId, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var updated = await db.Jobs
            .Where(j => j.Id == id && j.DispatchId == claim
                && (j.State == JobState.Enqueued || j.State == JobState.Scheduled || j.State == JobState.Processing))
            .ExecuteUpdateAsync(set => set.SetProperty(j => j.DispatchId, dispatchId), cancellationToken);
        return updated == 1 || (dispatchId is not null && await db.Jobs.AnyAsync(j => j.Id == id && j.DispatchId == dispatchId, cancellationToken));
    }

    // Row locks are not LINQ: FOR UPDATE keeps a dispatcher, a starting run and a steward's action from crossing.
    private static Task<JobEntity?> LockedAsync(WorkbenchDbContext db, long id, bool skipLocked, CancellationToken cancellationToken) =>
        (skipLocked
            ? db.Jobs.FromSql($"select * from job where id = {id} for update skip locked")
            : db.Jobs.FromSql($"select * from job where id = {id} for update"))
        .SingleOrDefaultAsync(cancellationToken);

    private static IQueryable<JobEntity> Fenced(WorkbenchDbContext db, RunningJob job) =>
        db.Jobs.Where(j => j.Id == job.Id && j.Worker == job.Worker && j.Attempts == job.Attempt && j.State == JobState.Processing);

    private static Task<bool> CancelRequestedAsync(WorkbenchDbContext db, long id, CancellationToken cancellationToken) =>
        db.Jobs.AnyAsync(j => j.Id == id && j.CancelRequested, cancellationToken);

    private static Task<int> EndAttemptAsync(WorkbenchDbContext db, RunningJob job, AttemptOutcome outcome, string? error, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        return db.JobAttempts.Where(a => a.Id == job.AttemptId && a.Outcome == AttemptOutcome.Running).ExecuteUpdateAsync(set => set
            .SetProperty(a => a.EndedAt, now).SetProperty(a => a.Outcome, outcome).SetProperty(a => a.Error, error), cancellationToken);
    }

    private static IQueryable<JobRecord> Records(IQueryable<JobEntity> jobs) => jobs.Select(j => new JobRecord
    {
        Id = j.Id, Key = j.Key, Kind = j.Kind, Label = j.Label, Payload = j.Payload, State = j.State, Attempts = j.Attempts,
        MaxAttempts = j.MaxAttempts, RunAt = Utc(j.RunAt), Worker = j.Worker, DispatchId = j.DispatchId, CancelRequested = j.CancelRequested,
        ProgressDone = j.ProgressDone, ProgressTotal = j.ProgressTotal,
        ProgressStartedAt = j.ProgressStartedAt == null ? null : Utc(j.ProgressStartedAt.Value),
        Error = j.Error, Result = j.Result, CreatedBy = j.CreatedBy, CreatedAt = Utc(j.CreatedAt), UpdatedAt = Utc(j.UpdatedAt),
        FinishedAt = j.FinishedAt == null ? null : Utc(j.FinishedAt.Value),
    });

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    /// <summary>A context on the caller's connection and inside its transaction (not pooled: it is given the caller's connection).</summary>
    private async Task<WorkbenchDbContext> EnlistedAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var db = new WorkbenchDbContext(_enlistedOptions);
        db.Database.SetDbConnection(transaction.Connection, contextOwnsConnection: false);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);
        return db;
    }

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
