using Workbench.Application.Jobs;
using Xunit;
using Workbench.Core.Jobs;

namespace Workbench.UnitTests.Jobs;

public sealed class JobRecordTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_running_job_reports_its_rate_and_time_remaining()
    {
        var job = new JobRecord { State = JobState.Processing, ProgressDone = 200_000, ProgressTotal = 1_000_000, ProgressStartedAt = Now.AddSeconds(-4) };

        Assert.Equal(50_000, job.Rate(Now));
        Assert.Equal(TimeSpan.FromSeconds(16), job.Remaining(Now));
        Assert.Equal(0.2, job.Fraction);
    }

    [Fact]
    public void A_finished_job_keeps_the_rate_it_ran_at_and_has_nothing_remaining()
    {
        var job = new JobRecord
        {
            State = JobState.Succeeded, ProgressDone = 1000, ProgressTotal = 1000,
            ProgressStartedAt = Now.AddSeconds(-60), UpdatedAt = Now.AddSeconds(-50),
        };

        Assert.Equal(100, job.Rate(Now));
        Assert.Null(job.Remaining(Now));
    }

    [Fact]
    public void Without_progress_or_total_there_is_no_rate_and_no_fraction()
    {
        var job = new JobRecord { State = JobState.Processing, ProgressStartedAt = Now };

        Assert.Null(job.Rate(Now));
        Assert.Null(job.Fraction);
    }
}
