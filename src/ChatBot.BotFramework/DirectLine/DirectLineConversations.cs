using System.Collections.Concurrent;

namespace ChatBot.BotFramework.DirectLine;

/// <summary>The built-in Direct Line's conversations, bounded in number and forgotten after idle time.</summary>
public sealed class DirectLineConversations(DirectLineOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DirectLineConversation> _conversations = new(StringComparer.Ordinal);

    public int Count => _conversations.Count;

    public DirectLineConversation Create(string userId)
    {
        Evict();
        var conversation = new DirectLineConversation(Guid.NewGuid().ToString("N"), userId, options, time.GetUtcNow());
        _conversations[conversation.Id] = conversation;
        return conversation;
    }

    public DirectLineConversation? Find(string id)
    {
        if (!_conversations.TryGetValue(id, out var conversation))
        {
            return null;
        }

        if (time.GetUtcNow() - conversation.LastActive > options.IdleExpiry)
        {
            _conversations.TryRemove(id, out _);
            return null;
        }

        return conversation;
    }

    private void Evict()
    {
        var now = time.GetUtcNow();
        foreach (var idle in _conversations.Values.Where(c => now - c.LastActive > options.IdleExpiry).ToList())
        {
            _conversations.TryRemove(idle.Id, out _);
        }

        while (_conversations.Count >= options.MaxConversations
               && _conversations.Values.MinBy(c => c.LastActive) is { } oldest)
        {
            _conversations.TryRemove(oldest.Id, out _);
        }
    }
}
