using System.Collections.Concurrent;
using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using Workbench.Connectors.Contract;

namespace Workbench.Connectors.Rest;

/// <summary>
/// Per API (base URL and settings): a timeout per attempt, retries with exponential backoff on 429, 5xx
/// and timeouts (honouring Retry-After), a circuit breaker that stops hammering a failing API, and a rate gate.
/// Kept across reads so the breaker and the rate limit see every call to that API.
/// </summary>
internal static class RestPolicies
{
    private static readonly ConcurrentDictionary<string, (ResiliencePipeline<HttpResponseMessage> Pipeline, RateGate Gate)> Cache = new();

    public static (ResiliencePipeline<HttpResponseMessage> Pipeline, RateGate Gate) For(SourceConnection connection)
    {
        var retries = connection.Int(RestSettings.Retries, 3, 0, 10);
        var delay = connection.Int(RestSettings.RetryDelayMs, 500, 0, 60_000);
        var rate = connection.Int(RestSettings.RequestsPerSecond, 0, 0, 1000);
        var timeout = connection.Timeout;
        var key = $"{connection.Text(RestSettings.BaseUrl)}|{retries}|{delay}|{rate}|{timeout}";
        return Cache.GetOrAdd(key, _ => (Build(retries, delay, timeout), new RateGate(rate)));
    }

    private static ResiliencePipeline<HttpResponseMessage> Build(int retries, int delayMs, TimeSpan timeout)
    {
        var transient = new PredicateBuilder<HttpResponseMessage>()
            // A refused address stays refused: retrying it would only hammer the check.
            .Handle<HttpRequestException>(ex => ex.InnerException is not RestAddressRefusedException)
            .Handle<TimeoutRejectedException>()
            .HandleResult(r => r.StatusCode == HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500);
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = transient,
                MaxRetryAttempts = retries,
                Delay = TimeSpan.FromMilliseconds(delayMs),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                DelayGenerator = args => new ValueTask<TimeSpan?>(
                    args.Outcome.Result?.Headers.RetryAfter?.Delta is { } after ? TimeSpan.FromSeconds(Math.Min(after.TotalSeconds, 30)) : null),
            });
        }
        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = transient,
                FailureRatio = 0.8,
                MinimumThroughput = 10,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(15),
            })
            .AddTimeout(timeout)
            .Build();
    }

    public static bool IsOpenCircuit(Exception ex) => ex is BrokenCircuitException;
}
