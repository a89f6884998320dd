namespace ChatBot.Answering.Conversation;

/// <summary>One question and what the bot made of it.</summary>
/// <param name="SearchText">The question as searched (follow-ups expanded), which a later follow-up builds on.</param>
/// <param name="AnswerText">What the bot replied.</param>
public sealed record Turn(string Question, string SearchText, bool Grounded, string AnswerText, DateTimeOffset At);

/// <summary>
/// Recent turns per conversation, in memory, bounded four ways: turns per conversation, number of conversations and the
/// bytes all of them hold (least recently active evicted first), and idle time. Safe for concurrent use.
/// </summary>
public sealed class ConversationStore(ConversationOptions options, TimeProvider time) : IConversationMemory
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private long _bytes;

    /// <summary>What the remembered turns take, counted as the characters of their texts × 2.</summary>
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

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The conversation's remembered turns, oldest first; empty for an unknown or expired conversation.</summary>
    public IReadOnlyList<Turn> History(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        lock (_gate)
        {
            if (!_entries.TryGetValue(conversationId, out var node))
            {
                return [];
            }

            if (IsExpired(node.Value))
            {
                Remove(node);
                return [];
            }

            return [.. node.Value.Turns];
        }
    }

    public ValueTask<IReadOnlyList<Turn>> HistoryAsync(string conversationKey, CancellationToken cancellationToken) => ValueTask.FromResult(History(conversationKey));

    public ValueTask AddAsync(string conversationKey, Turn turn, CancellationToken cancellationToken)
    {
        Add(conversationKey, turn);
        return ValueTask.CompletedTask;
    }

    public void Add(string conversationId, Turn turn)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        ArgumentNullException.ThrowIfNull(turn);
        lock (_gate)
        {
            if (_entries.TryGetValue(conversationId, out var node))
            {
                _recency.Remove(node);
                if (IsExpired(node.Value))
                {
                    Forget(node.Value.Turns.Count, node.Value);
                }
            }
            else
            {
                node = new LinkedListNode<Entry>(new Entry(conversationId));
                _entries[conversationId] = node;
            }

            node.Value.Turns.Enqueue(turn);
            _bytes += Size(turn);
            Forget(node.Value.Turns.Count - options.MaxTurns, node.Value);

            node.Value.LastActive = time.GetUtcNow();
            _recency.AddFirst(node);
            EvictOverflowAndIdle();
        }
    }

    private void EvictOverflowAndIdle()
    {
        while (_recency.Last is { } oldest && (_entries.Count > options.MaxConversations || _bytes > options.MaxBytes || IsExpired(oldest.Value)))
        {
            Remove(oldest);
        }
    }

    private bool IsExpired(Entry entry) => time.GetUtcNow() - entry.LastActive > options.IdleExpiry;

    private void Remove(LinkedListNode<Entry> node)
    {
        if (node.List is not null)
        {
            _recency.Remove(node);
        }

        _entries.Remove(node.Value.Id);
        Forget(node.Value.Turns.Count, node.Value);
    }

    /// <summary>Drops the <paramref name="count"/> oldest turns of <paramref name="entry"/>.</summary>
    private void Forget(int count, Entry entry)
    {
        for (var i = 0; i < count && entry.Turns.Count > 0; i++)
        {
            _bytes -= Size(entry.Turns.Dequeue());
        }
    }

    private static long Size(Turn turn) => (turn.Question.Length + turn.SearchText.Length + turn.AnswerText.Length) * (long)sizeof(char);

    private sealed class Entry(string id)
    {
        public string Id { get; } = id;

        public Queue<Turn> Turns { get; } = new();

        public DateTimeOffset LastActive { get; set; }
    }
}
