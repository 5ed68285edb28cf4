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

/// <summary>
/// Another run of the job took it over (this run's attempt is no longer the job's current one); this run must stop
/// without applying anything.
/// </summary>
public sealed class AttemptSupersededException(long jobId) : Exception($"Job {jobId} was taken over by another run.");

/// <summary>Someone asked for the job to stop; thrown between batches.</summary>
public sealed class JobCancelledException(long jobId) : OperationCanceledException($"Job {jobId} was cancelled.");
