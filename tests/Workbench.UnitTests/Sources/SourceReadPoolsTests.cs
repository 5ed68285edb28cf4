using Npgsql;
using Workbench.Application.Sources;
using Xunit;

namespace Workbench.UnitTests.Sources;

/// <summary>No database is reached: a data source connects only when a connection is opened.</summary>
public sealed class SourceReadPoolsTests
{
    private const string Legacy = "Host=localhost;Database=legacy;Username=reader";
    private const string Other = "Host=localhost;Database=other;Username=reader";

    [Fact]
    public async Task Reads_of_one_source_share_one_pool_sized_by_the_limit_and_other_sources_have_their_own()
    {
        await using var pools = new SourceReadPools(new SourcesOptions { MaxConcurrentReadsPerSource = 3 });

        using var first = await pools.EnterAsync(Legacy, CancellationToken.None);
        using var second = await pools.EnterAsync(Legacy, CancellationToken.None);
        using var other = await pools.EnterAsync(Other, CancellationToken.None);

        Assert.Same(first.Database, second.Database);
        Assert.NotSame(first.Database, other.Database);
        Assert.Equal(3, new NpgsqlConnectionStringBuilder(first.Database.ConnectionString).MaxPoolSize);
    }

    [Fact]
    public async Task A_read_beyond_the_limit_waits_until_one_ends_and_another_source_does_not_wait()
    {
        await using var pools = new SourceReadPools(new SourcesOptions { MaxConcurrentReadsPerSource = 2 });
        var first = await pools.EnterAsync(Legacy, CancellationToken.None);
        using var second = await pools.EnterAsync(Legacy, CancellationToken.None);

        var third = pools.EnterAsync(Legacy, CancellationToken.None);
        using var other = await pools.EnterAsync(Other, CancellationToken.None);
        Assert.False(third.IsCompleted);

        first.Dispose();
        first.Dispose();
        using var thirdTurn = await third;
        // Disposing twice freed one place only: a fourth read still waits.
        Assert.False(pools.EnterAsync(Legacy, CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task A_waiting_read_can_be_cancelled()
    {
        await using var pools = new SourceReadPools(new SourcesOptions { MaxConcurrentReadsPerSource = 1 });
        using var only = await pools.EnterAsync(Legacy, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = pools.EnterAsync(Legacy, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    [Fact]
    public void A_limit_below_one_stops_the_start()
    {
        var options = new SourcesOptions { MaxConcurrentReadsPerSource = 0 };

        var error = Assert.Throws<InvalidOperationException>(options.Resolve);
        Assert.Contains("Sources:MaxConcurrentReadsPerSource", error.Message, StringComparison.Ordinal);
    }
}
