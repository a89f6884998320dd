using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace ChatBot.Answering.Generative;

/// <summary>
/// The model's HTTP client, from Microsoft.Extensions.Http.Resilience instead of the SDKs' own retry loops: one retry
/// of a throttled (429, after its Retry-After, at most 5 s) or failed (408, 5xx, refused) call, an attempt timeout of
/// <see cref="LlmOptions.TimeoutSeconds"/> and a circuit breaker that, once most calls fail, stops calling for a while,
/// so a model that is down costs no time: the quoted answer goes out at once. The answer's own time budget still
/// cancels whatever is left of all this.
/// </summary>
public static class LlmResilience
{
    public const string ClientName = "ChatBot.Llm";

    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(5);

    public static IHttpClientBuilder AddLlmHttpClient(this IServiceCollection services)
    {
        var builder = services.AddHttpClient(ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        builder.AddResilienceHandler("llm", (pipeline, context) =>
        {
            var attempt = TimeSpan.FromSeconds(context.ServiceProvider.GetRequiredService<LlmOptions>().TimeoutSeconds);
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(200),
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
            });
            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 0.8,
                MinimumThroughput = 5,
                SamplingDuration = TimeSpan.FromSeconds(Math.Max(30, 2 * attempt.TotalSeconds)),
                BreakDuration = TimeSpan.FromSeconds(30),
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            });
            pipeline.AddTimeout(attempt);
        });
        return builder;
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)response.StatusCode >= 500,
        _ => false,
    };

    private static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return delay is null ? null : TimeSpan.FromTicks(Math.Clamp(delay.Value.Ticks, 0, MaxRetryAfter.Ticks));
    }
}
