using System.Threading.RateLimiting;
using ChatBot.BotFramework.Turns;

namespace ChatBot.BotFramework.DirectLine;

/// <summary>
/// How fast one conversation (one token) may post: a token bucket of <see cref="DirectLineOptions.PostsPerMinute"/> per
/// conversation. Posts past it are refused with 429 before anything is stored or answered.
/// </summary>
public sealed class DirectLinePostLimiter(DirectLineOptions options, IRateLimiterFactory factory) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = factory.TokenBuckets("dlposts", options.PostsPerMinute);

    /// <summary>True when the conversation may post now; otherwise false and the Retry-After value (seconds).</summary>
    public async ValueTask<(bool Acquired, string RetryAfter)> TryAcquireAsync(string conversationId, CancellationToken cancellationToken)
    {
        using var lease = await _limiter.AcquireAsync(conversationId, 1, cancellationToken).ConfigureAwait(false);
        return (lease.IsAcquired, lease.IsAcquired ? string.Empty : RetryAfterHeader.From(lease, TimeSpan.FromSeconds(10)));
    }

    public void Dispose() => _limiter.Dispose();
}
