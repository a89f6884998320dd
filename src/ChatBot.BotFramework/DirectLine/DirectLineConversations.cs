using System.Collections.Concurrent;

namespace ChatBot.BotFramework.DirectLine;

/// <summary>
/// The built-in Direct Line's conversations in this process, bounded in number and in the history bytes they hold
/// together, and forgotten after idle time. A conversation dropped for any of these reasons has its socket closed.
/// </summary>
public sealed class DirectLineConversations(DirectLineOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DirectLineConversation> _conversations = new(StringComparer.Ordinal);
    private readonly HistoryBudget _budget = new();
    private readonly Lock _evicting = new();

    public int Count => _conversations.Count;

    /// <summary>History bytes held by all conversations.</summary>
    public long HistoryBytes => _budget.Bytes;

    public DirectLineConversation Create(string userId)
    {
        Evict(reserveOne: true);
        var conversation = new DirectLineConversation(Guid.NewGuid().ToString("N"), userId, options, time.GetUtcNow(), _budget);
        _conversations[conversation.Id] = conversation;
        return conversation;
    }

    public DirectLineConversation? Find(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!_conversations.TryGetValue(id, out var conversation))
        {
            return null;
        }

        if (time.GetUtcNow() - conversation.LastActive > options.IdleExpiry)
        {
            Remove(conversation, "conversation expired");
            return null;
        }

        return conversation;
    }

    /// <summary>Drops the least recently active conversations while all of them hold more history than
    /// <see cref="DirectLineOptions.MaxTotalHistoryBytes"/>; called after activities are added.</summary>
    public void EnforceBudget()
    {
        if (_budget.Bytes > options.MaxTotalHistoryBytes)
        {
            Evict(reserveOne: false);
        }
    }

    private void Evict(bool reserveOne)
    {
        lock (_evicting)
        {
            var now = time.GetUtcNow();
            foreach (var idle in _conversations.Values.Where(c => now - c.LastActive > options.IdleExpiry).ToList())
            {
                Remove(idle, "conversation expired");
            }

            var limit = reserveOne ? options.MaxConversations - 1 : options.MaxConversations;
            while ((_conversations.Count > limit || _budget.Bytes > options.MaxTotalHistoryBytes)
                   && _conversations.Values.MinBy(c => c.LastActive) is { } oldest)
            {
                Remove(oldest, "conversation ended to make room for others");
            }
        }
    }

    private void Remove(DirectLineConversation conversation, string reason)
    {
        if (_conversations.TryRemove(conversation.Id, out _))
        {
            conversation.Close(reason);
        }
    }
}
