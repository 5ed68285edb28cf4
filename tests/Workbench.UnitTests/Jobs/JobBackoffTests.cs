using Workbench.Application.Jobs;
using Xunit;

namespace Workbench.UnitTests.Jobs;

public sealed class JobBackoffTests
{
    [Theory]
    [InlineData(1, 5, 10)]
    [InlineData(2, 10, 20)]
    [InlineData(3, 20, 40)]
    [InlineData(4, 40, 80)]
    public void The_delay_doubles_per_failed_attempt_within_half_to_full_of_its_ceiling(int attempt, double lowest, double highest)
    {
        var random = new Random(42);
        var delays = Enumerable.Range(0, 200).Select(_ => JobBackoff.Delay(attempt, 10, 3600, random).TotalSeconds).ToList();

        Assert.All(delays, d => Assert.InRange(d, lowest, highest));
        Assert.True(delays.Distinct().Count() > 100, "jitter spreads the retries");
    }

    [Fact]
    public void The_delay_never_exceeds_the_maximum()
    {
        Assert.InRange(JobBackoff.Delay(60, 5, 600, new Random(1)).TotalSeconds, 300, 600);
    }
}
