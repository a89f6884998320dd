using System.Collections.Concurrent;

namespace ChatBot.BotFramework.Turns;

/// <summary>A user's rating of one reply (Teams' thumbs up or down, with optional text).</summary>
public sealed record Feedback(string ConversationId, string? ReplyToId, string Reaction, string? Text, DateTimeOffset At);

/// <summary>The feedback users gave, most recent kept, bounded in entries and in bytes. Teams does not store it, so the
/// bot must.</summary>
public sealed class FeedbackStore(TimeProvider time)
{
    /// <summary>Most feedback entries kept in memory; older ones are dropped first.</summary>
    public const int Capacity = 10_000;

    /// <summary>Longest feedback text kept (the rest is cut), so the store is bounded in bytes as well as in entries.</summary>
    public const int MaxTextLength = 2000;

    /// <summary>Most bytes all kept entries take (their strings, × 2 per character); older ones are dropped first.</summary>
    public const long MaxBytes = 8L * 1024 * 1024;

    private readonly Lock _gate = new();
    private long _bytes;

    private readonly ConcurrentQueue<Feedback> _entries = new();

    public IReadOnlyList<Feedback> Entries => [.. _entries];

    /// <summary>What the kept entries take, in bytes.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    public Feedback Add(string conversationId, string? replyToId, string reaction, string? text)
    {
        var feedback = new Feedback(conversationId, replyToId, reaction, text, time.GetUtcNow());
        lock (_gate)
        {
            _entries.Enqueue(feedback);
            _bytes += Size(feedback);
            while ((_entries.Count > Capacity || _bytes > MaxBytes) && _entries.TryDequeue(out var dropped))
            {
                _bytes -= Size(dropped);
            }
        }

        return feedback;
    }

    private static long Size(Feedback feedback) =>
        (feedback.ConversationId.Length + (feedback.ReplyToId?.Length ?? 0) + feedback.Reaction.Length + (feedback.Text?.Length ?? 0)) * (long)sizeof(char);
}
