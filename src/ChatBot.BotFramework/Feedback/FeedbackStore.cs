using System.Runtime.CompilerServices;

namespace ChatBot.BotFramework.Feedback;

/// <summary>
/// Feedback in this process: ratings (most recent kept) and the answers they can rate, each bounded in entries and in
/// bytes, oldest dropped first.
/// </summary>
public sealed class FeedbackStore(TimeProvider time) : IFeedbackStore
{
    /// <summary>Most ratings kept, and most answers remembered for rating.</summary>
    public const int Capacity = 10_000;

    /// <summary>Most bytes the ratings take together (their texts, × 2 per character); and, separately, the answers.</summary>
    public const long MaxBytes = 8L * 1024 * 1024;

    private readonly Lock _gate = new();
    private readonly Queue<FeedbackEntry> _entries = new();
    private readonly Dictionary<(string, string), AnsweredQuestion> _answers = [];
    private readonly Queue<(string, string)> _answerOrder = new();
    private long _bytes;
    private long _answerBytes;

    public IReadOnlyList<FeedbackEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>What the kept ratings and remembered answers take, in bytes.</summary>
    public long Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes + _answerBytes;
            }
        }
    }

    public ValueTask RememberAnswerAsync(string conversationKey, string replyId, AnsweredQuestion answered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationKey);
        ArgumentNullException.ThrowIfNull(replyId);
        ArgumentNullException.ThrowIfNull(answered);
        lock (_gate)
        {
            var key = (conversationKey, replyId);
            if (_answers.TryAdd(key, answered))
            {
                _answerOrder.Enqueue(key);
                _answerBytes += answered.Size;
            }

            while ((_answers.Count > Capacity || _answerBytes > MaxBytes) && _answerOrder.TryDequeue(out var oldest))
            {
                if (_answers.Remove(oldest, out var dropped))
                {
                    _answerBytes -= dropped.Size;
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<FeedbackEntry> AddAsync(string conversationKey, string channel, string? replyToId, string reaction, string? text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationKey);
        lock (_gate)
        {
            var answered = replyToId is not null && _answers.TryGetValue((conversationKey, replyToId), out var a) ? a : null;
            var feedback = new FeedbackEntry(conversationKey, channel, replyToId, reaction, text, time.GetUtcNow(), answered);
            _entries.Enqueue(feedback);
            _bytes += feedback.Size;
            while ((_entries.Count > Capacity || _bytes > MaxBytes) && _entries.TryDequeue(out var dropped))
            {
                _bytes -= dropped.Size;
            }

            return ValueTask.FromResult(feedback);
        }
    }

    public async IAsyncEnumerable<FeedbackEntry> ReadAsync(DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        foreach (var feedback in Entries.Where(f => since is null || f.At >= since))
        {
            yield return feedback;
        }
    }
}
