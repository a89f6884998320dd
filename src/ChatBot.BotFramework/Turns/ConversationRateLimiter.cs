using System.Threading.RateLimiting;

namespace ChatBot.BotFramework.Turns;

/// <summary>
/// How fast one conversation may ask: a token bucket of <see cref="BotFrameworkOptions.MessagesPerMinute"/> per
/// conversation, so one chat sending in a loop cannot take the answering capacity from the others.
/// </summary>
public sealed class ConversationRateLimiter(BotFrameworkOptions options, IRateLimiterFactory factory) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = factory.TokenBuckets("turns", options.MessagesPerMinute);

    public async ValueTask<bool> TryAcquireAsync(string conversationKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationKey);
        using var lease = await _limiter.AcquireAsync(conversationKey, 1, cancellationToken).ConfigureAwait(false);
        return lease.IsAcquired;
    }

    public void Dispose() => _limiter.Dispose();
}
