using System.Collections.Concurrent;

namespace ChatBot.BotFramework.Turns;

/// <summary>A user's rating of one reply (Teams' thumbs up or down, with optional text).</summary>
public sealed record Feedback(string ConversationId, string? ReplyToId, string Reaction, string? Text, DateTimeOffset At);

/// <summary>The feedback users gave, most recent kept. Teams does not store it, so the bot must.</summary>
public sealed class FeedbackStore(TimeProvider time)
{
    /// <summary>Most feedback entries kept in memory; older ones are dropped first.</summary>
    public const int Capacity = 10_000;

    /// <summary>Longest feedback text kept (the rest is cut), so the store is bounded in bytes as well as in entries.</summary>
    public const int MaxTextLength = 2000;

    private readonly ConcurrentQueue<Feedback> _entries = new();

    public IReadOnlyList<Feedback> Entries => [.. _entries];

    public Feedback Add(string conversationId, string? replyToId, string reaction, string? text)
    {
        var feedback = new Feedback(conversationId, replyToId, reaction, text, time.GetUtcNow());
        _entries.Enqueue(feedback);
        while (_entries.Count > Capacity)
        {
            _entries.TryDequeue(out _);
        }

        return feedback;
    }
}
