using System.Threading.RateLimiting;

namespace ChatBot.BotFramework.DirectLine;

/// <summary>
/// How fast one conversation (one token) may post: a token bucket of <see cref="DirectLineOptions.PostsPerMinute"/> per
/// conversation, from System.Threading.RateLimiting, whose partitioned limiter also drops the buckets of quiet
/// conversations. Posts past it are refused with 429 before anything is stored or answered.
/// </summary>
public sealed class DirectLinePostLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public DirectLinePostLimiter(DirectLineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var perMinute = options.PostsPerMinute;
        _limiter = PartitionedRateLimiter.Create<string, string>(conversationId => RateLimitPartition.GetTokenBucketLimiter(
            conversationId,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = perMinute,
                TokensPerPeriod = Math.Max(1, perMinute / 6),
                ReplenishmentPeriod = TimeSpan.FromSeconds(10),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>True when the conversation may post now; otherwise false and the Retry-After value (seconds).</summary>
    public bool TryAcquire(string conversationId, out string retryAfter)
    {
        using var lease = _limiter.AttemptAcquire(conversationId);
        retryAfter = lease.IsAcquired ? string.Empty : RetryAfterHeader.From(lease, TimeSpan.FromSeconds(10));
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
