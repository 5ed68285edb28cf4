using Workbench.Application.Jobs;
using Xunit;
using Workbench.Core.Jobs;

namespace Workbench.UnitTests.Jobs;

public sealed class JobStateTests
{
    [Fact]
    public void States_are_stored_as_the_words_earlier_versions_stored_and_read_back()
    {
        Assert.Equal(["enqueued", "scheduled", "processing", "succeeded", "failed", "cancelled"], JobStates.All.Select(s => s.Stored()));
        Assert.All(JobStates.All, s => Assert.Equal(s, JobStates.ParseState(s.Stored())));
        Assert.False(JobStates.TryParse("running", out _));
        Assert.Throws<InvalidOperationException>(() => JobStates.ParseState("bogus"));
    }

    [Fact]
    public void Attempt_outcomes_keep_their_words_and_only_the_finished_states_are_finished()
    {
        Assert.Equal(["running", "succeeded", "failed", "cancelled", "interrupted", "abandoned", "lease-lost"],
            Enum.GetValues<AttemptOutcome>().Select(o => o.Stored()));
        Assert.All(Enum.GetValues<AttemptOutcome>(), o => Assert.Equal(o, JobStates.ParseOutcome(o.Stored())));
        Assert.Equal([JobState.Succeeded, JobState.Failed, JobState.Cancelled], JobStates.All.Where(s => s.IsFinished()));
    }
}
