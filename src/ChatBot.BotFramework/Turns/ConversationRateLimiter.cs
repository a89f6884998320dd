using System.Collections.Concurrent;

namespace ChatBot.BotFramework.Turns;

/// <summary>
/// A token bucket per conversation, so one chat sending in a loop cannot take the answering capacity from the others.
/// Buckets of quiet conversations are dropped when the table grows.
/// </summary>
public sealed class ConversationRateLimiter(BotFrameworkOptions options, TimeProvider time)
{
    private const int MaxTracked = 100_000;

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    public bool TryAcquire(string conversationKey)
    {
        var now = time.GetUtcNow();
        if (_buckets.Count > MaxTracked)
        {
            foreach (var stale in _buckets.Where(b => now - b.Value.Updated > TimeSpan.FromMinutes(1)).Select(b => b.Key).ToList())
            {
                _buckets.TryRemove(stale, out _);
            }
        }

        var bucket = _buckets.GetOrAdd(conversationKey, _ => new Bucket(options.MessagesPerMinute, now));
        return bucket.TryTake(options.MessagesPerMinute, now);
    }

    private sealed class Bucket(double tokens, DateTimeOffset updated)
    {
        private readonly Lock _gate = new();
        private double _tokens = tokens;

        public DateTimeOffset Updated { get; private set; } = updated;

        public bool TryTake(int perMinute, DateTimeOffset now)
        {
            lock (_gate)
            {
                _tokens = Math.Min(perMinute, _tokens + ((now - Updated).TotalMinutes * perMinute));
                Updated = now;
                if (_tokens < 1)
                {
                    return false;
                }

                _tokens -= 1;
                return true;
            }
        }
    }
}
