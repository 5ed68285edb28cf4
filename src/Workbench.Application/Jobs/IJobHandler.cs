namespace Workbench.Application.Jobs;

/// <summary>
/// One kind of job. <see cref="RunAsync"/> may run more than once for a job (retries, a worker that died):
/// its effect must be applied at most once, e.g. keyed by <see cref="JobContext.Key"/> in the effect's transaction.
/// </summary>
public interface IJobHandler
{
    string Kind { get; }

    Task RunAsync(JobContext context, CancellationToken cancellationToken);
}

/// <summary>A failure no retry can mend (bad payload, missing table): the job fails at once.</summary>
public sealed class PermanentJobException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>This worker's claim on the job was taken over or lapsed; it must stop without applying anything.</summary>
public sealed class LeaseLostException(long jobId) : Exception($"The lease on job {jobId} was lost.");

/// <summary>Someone asked for the job to stop; thrown between batches.</summary>
public sealed class JobCancelledException(long jobId) : OperationCanceledException($"Job {jobId} was cancelled.");
