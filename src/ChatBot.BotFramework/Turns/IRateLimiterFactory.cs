using System.Threading.RateLimiting;
using ChatBot.Answering.Conversation;

namespace ChatBot.BotFramework.Turns;

/// <summary>
/// Makes the token buckets that limit how fast one conversation may go: in this process (<see cref="LocalRateLimiterFactory"/>),
/// or shared by all instances, so a conversation spread over several instances gets one allowance, not one per instance.
/// </summary>
public interface IRateLimiterFactory
{
    /// <summary>A token bucket per key of <paramref name="perMinute"/> tokens, refilled a sixth every 10 s; <paramref name="name"/>
    /// keeps the buckets of different limits apart.</summary>
    PartitionedRateLimiter<string> TokenBuckets(string name, int perMinute);
}

/// <summary>Token buckets in this process, from System.Threading.RateLimiting, whose partitioned limiter drops the
/// buckets of quiet keys. Keys are digested first, so a bucket takes the same few bytes however long the id.</summary>
public sealed class LocalRateLimiterFactory : IRateLimiterFactory
{
    public PartitionedRateLimiter<string> TokenBuckets(string name, int perMinute) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(ConversationKeys.Digest(name, key), _ => Options(perMinute)));

    public static TokenBucketRateLimiterOptions Options(int perMinute) => new()
    {
        TokenLimit = perMinute,
        TokensPerPeriod = Math.Max(1, perMinute / 6),
        ReplenishmentPeriod = TimeSpan.FromSeconds(10),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
