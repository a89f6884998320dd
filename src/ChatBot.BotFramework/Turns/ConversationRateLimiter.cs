using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace ChatBot.BotFramework.Turns;

/// <summary>
/// A token bucket per conversation, so one chat sending in a loop cannot take the answering capacity from the others.
/// Buckets are keyed by a 64-bit digest of the conversation key, so each takes the same few bytes however long the ids
/// a caller sends; past <see cref="MaxTracked"/> the quietest are dropped, so the table is bounded in bytes.
/// </summary>
public sealed class ConversationRateLimiter(BotFrameworkOptions options, TimeProvider time)
{
    /// <summary>Most buckets kept (each a few dozen bytes).</summary>
    public const int MaxTracked = 100_000;

    private readonly ConcurrentDictionary<long, Bucket> _buckets = new();

    /// <summary>Buckets kept now.</summary>
    public int Tracked => _buckets.Count;

    public bool TryAcquire(string conversationKey)
    {
        ArgumentNullException.ThrowIfNull(conversationKey);
        var now = time.GetUtcNow();
        if (_buckets.Count > MaxTracked)
        {
            // Quiet buckets first (a full minute refills them anyway), then the least recently used.
            var drop = _buckets.Where(b => now - b.Value.Updated > TimeSpan.FromMinutes(1)).Select(b => b.Key).ToList();
            if (_buckets.Count - drop.Count > MaxTracked)
            {
                drop.AddRange(_buckets.OrderBy(b => b.Value.Updated).Take(_buckets.Count - drop.Count - (MaxTracked / 2)).Select(b => b.Key));
            }

            foreach (var key in drop)
            {
                _buckets.TryRemove(key, out _);
            }
        }

        var digest = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(conversationKey)));
        var bucket = _buckets.GetOrAdd(digest, _ => new Bucket(options.MessagesPerMinute, now));
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
