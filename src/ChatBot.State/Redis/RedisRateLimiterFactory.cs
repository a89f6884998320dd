using System.Threading.RateLimiting;
using ChatBot.Answering.Conversation;
using ChatBot.BotFramework.Turns;
using RedisRateLimiting;

namespace ChatBot.State.Redis;

/// <summary>Token buckets kept in Redis (RedisRateLimiting's, which refill and take in one script), so a conversation has
/// one allowance over all instances. Same sizes as <see cref="LocalRateLimiterFactory"/>.</summary>
public sealed class RedisRateLimiterFactory(RedisConnection redis) : IRateLimiterFactory
{
    public PartitionedRateLimiter<string> TokenBuckets(string name, int perMinute)
    {
        var local = LocalRateLimiterFactory.Options(perMinute);
        return PartitionedRateLimiter.Create<string, string>(key => RedisRateLimitPartition.GetTokenBucketRateLimiter(
            redis.Prefix + ConversationKeys.Digest(name, key),
            _ => new RedisTokenBucketRateLimiterOptions
            {
                ConnectionMultiplexerFactory = () => redis.Multiplexer,
                TokenLimit = local.TokenLimit,
                TokensPerPeriod = local.TokensPerPeriod,
                ReplenishmentPeriod = local.ReplenishmentPeriod,
            }));
    }
}
