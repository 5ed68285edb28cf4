using System.Text.Json;
using Npgsql;

namespace Workbench.Application.Jobs;

/// <summary>What a handler gets for one attempt: its payload, progress reporting (which is also the cancel check), and completion inside its own transaction.</summary>
public sealed class JobContext
{
    private readonly JobQueue _queue;
    private readonly Action<LeaseStatus> _signal;

    internal JobContext(ClaimedJob job, JobQueue queue, Action<LeaseStatus> signal)
    {
        Job = job;
        _queue = queue;
        _signal = signal;
    }

    public ClaimedJob Job { get; }

    public long JobId => Job.Id;

    /// <summary>Stable across attempts: key the job's effect on it so a retry never applies twice.</summary>
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
    /// Stores progress and renews the lease; call once per batch. Throws <see cref="JobCancelledException"/> when
    /// someone cancelled the job and <see cref="LeaseLostException"/> when another worker took it over, so the
    /// handler stops at the batch boundary.
    /// </summary>
    public async Task ReportProgressAsync(long done, long? total, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var status = await _queue.ReportProgressAsync(Job, done, total, cancellationToken);
        if (status == LeaseStatus.Held)
            return;
        _signal(status);
        if (status == LeaseStatus.Lost)
            throw new LeaseLostException(JobId);
        throw new JobCancelledException(JobId);
    }

    /// <summary>The result stored with the job when it succeeds (counts, reconciliation).</summary>
    public void SetResult(object? result) => Result = result;

    /// <summary>
    /// Marks the job succeeded inside <paramref name="transaction"/> (which must be on the store), so the job's
    /// effect, its audit and its completion commit together. Throws <see cref="LeaseLostException"/> when this
    /// worker no longer holds the job: the caller's transaction then rolls back.
    /// </summary>
    public async Task CompleteWithinAsync(NpgsqlTransaction transaction, object? result, CancellationToken cancellationToken)
    {
        await _queue.CompleteAsync(Job, result, transaction, cancellationToken);
        Result = result;
        CompletedInTransaction = true;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
