using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace ChatBot.BotFramework.Connector;

/// <summary>
/// How replies to a channel survive its faults, from Microsoft.Extensions.Http.Resilience: throttling (429, honouring
/// Retry-After up to 10 s) and transient failures (408, 412, 502, 503, 504, refused connections, an attempt unanswered within
/// <see cref="BotFrameworkOptions.SendTimeout"/>) retried with jittered exponential backoff, at most
/// <see cref="BotFrameworkOptions.MaxSendRetries"/> times; and a circuit breaker per channel host that stops sending for a
/// while once nearly every send there fails, so a channel that is down costs no time per reply. Pipelines are per
/// authority, so one channel's faults never open another's breaker; a single conversation's faults are too few to.
/// </summary>
public static class ConnectorResilience
{
    public const string Name = "connector";

    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    public static IHttpClientBuilder AddConnectorResilience(this IHttpClientBuilder builder)
    {
        builder.AddResilienceHandler(Name, (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<BotFrameworkOptions>();
            if (options.MaxSendRetries > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = options.MaxSendRetries,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(250),
                    MaxDelay = MaxDelay,
                    ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                    DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                });
            }

            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = 0.9,
                MinimumThroughput = 20,
                SamplingDuration = TimeSpan.FromSeconds(Math.Max(30, 2 * options.SendTimeout.TotalSeconds)),
                BreakDuration = TimeSpan.FromSeconds(15),
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
            });
            pipeline.AddTimeout(options.SendTimeout);
        }).SelectPipelineByAuthority();
        return builder;
    }

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or HttpStatusCode.PreconditionFailed
            or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout,
        _ => false,
    };

    /// <summary>The channel's Retry-After (seconds or a date), at most 10 s; null to back off as usual.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        var header = response?.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return delay is null ? null : TimeSpan.FromTicks(Math.Clamp(delay.Value.Ticks, 0, MaxDelay.Ticks));
    }
}
