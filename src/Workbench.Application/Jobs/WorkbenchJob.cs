using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;

namespace Workbench.Application.Jobs;

/// <summary>
/// What Hangfire runs: one dispatch of one workbench job, by its id. Hangfire resolves this class from a scope of the
/// container (its job activator), so the runner, the handler and everything they use come from that scope.
/// Hangfire's own automatic retry is off: <see cref="RetryAfterBackoffAttribute"/> retries transient failures with the
/// workbench's back-off, and permanent failures are not retried.
/// </summary>
public sealed class WorkbenchJob(JobRunner runner)
{
    [AutomaticRetry(Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [RetryAfterBackoff]
    [JobDisplayName("Workbench job #{0}")]
    public Task RunAsync(long jobId, PerformContext? context, CancellationToken cancellationToken) =>
        runner.RunAsync(jobId, context?.BackgroundJob.Id, cancellationToken);
}

/// <summary>
/// A failed run that the runner said to retry (<see cref="JobRetryException"/>) is scheduled again after its delay;
/// any other failure stays failed in Hangfire, as the job does in the workbench.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RetryAfterBackoffAttribute : JobFilterAttribute, IElectStateFilter
{
    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is FailedState failed
            && (failed.Exception as JobRetryException ?? failed.Exception?.InnerException as JobRetryException) is { } retry)
            context.CandidateState = new ScheduledState(retry.Delay) { Reason = retry.Message };
    }
}
