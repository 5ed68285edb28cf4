using System.Diagnostics.CodeAnalysis;

namespace Workbench.Connectors.Rest;

/// <summary>Spaces requests to one API at least 1/rate apart, across every read of that source.</summary>
[SuppressMessage("Design", "CA1001", Justification = "A gate lives as long as the process, in RestPolicies' cache; a SemaphoreSlim whose wait handle is never asked for holds nothing to release.")]
internal sealed class RateGate(double requestsPerSecond)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private readonly TimeSpan _interval = requestsPerSecond > 0 ? TimeSpan.FromSeconds(1 / requestsPerSecond) : TimeSpan.Zero;
    private DateTime _next = DateTime.MinValue;

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (_interval == TimeSpan.Zero)
            return;
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var wait = _next - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, cancellationToken);
            _next = DateTime.UtcNow + _interval;
        }
        finally
        {
            _lock.Release();
        }
    }
}
