using System.Text.Json;
using Npgsql;

namespace Workbench.Application.Jobs;

/// <summary>What a handler gets for one attempt: its payload, progress reporting (which is also the cancel check), and completion inside its own transaction.</summary>
public sealed class JobContext
{
    private readonly JobStore _store;
    private readonly Action<RunStatus> _signal;

    internal JobContext(RunningJob job, JobStore store, Action<RunStatus> signal)
    {
        Job = job;
        _store = store;
        _signal = signal;
    }

    public RunningJob Job { get; }

    public long JobId => Job.Id;

    /// <summary>Stable across attempts and dispatches: key the job's effect on it so a retry never applies twice.</summary>
    public Guid Key => Job.Key;

    public int Attempt => Job.Attempt;

    internal bool CompletedInTransaction { get; private set; }

    internal object? Result { get; private set; }

    /// <summary>The payload as <typeparamref name="T"/>; a payload that does not fit fails the job without retries.</summary>
    public T Payload<T>()
    {
        try
        {
            return JsonSerializer.Deserialize<T>(Job.Payload, JsonOptions)
                ?? throw new PermanentJobException($"The payload of job {JobId} is empty.");
        }
        catch (JsonException ex)
        {
            throw new PermanentJobException($"The payload of job {JobId} is not valid: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Stores progress; call once per batch. Throws <see cref="JobCancelledException"/> when someone cancelled the job
    /// and <see cref="AttemptSupersededException"/> when another run took it over, so the handler stops at the batch boundary.
    /// </summary>
    public async Task ReportProgressAsync(long done, long? total, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var status = await _store.ReportProgressAsync(Job, done, total, cancellationToken);
        if (status == RunStatus.Held)
            return;
        _signal(status);
        if (status == RunStatus.Superseded)
            throw new AttemptSupersededException(JobId);
        throw new JobCancelledException(JobId);
    }

    /// <summary>The result stored with the job when it succeeds (counts, reconciliation).</summary>
    public void SetResult(object? result) => Result = result;

    /// <summary>
    /// Marks the job succeeded inside <paramref name="transaction"/> (which must be on the store), so the job's
    /// effect, its audit and its completion commit together. Throws <see cref="AttemptSupersededException"/> when this
    /// run no longer holds the job: the caller's transaction then rolls back.
    /// </summary>
    public async Task CompleteWithinAsync(NpgsqlTransaction transaction, object? result, CancellationToken cancellationToken)
    {
        await _store.CompleteAsync(Job, result, transaction, cancellationToken);
        Result = result;
        CompletedInTransaction = true;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
