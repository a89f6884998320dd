using System.Threading.Channels;
using ChatBot.BotFramework.Schema;

namespace ChatBot.BotFramework.DirectLine;

/// <summary>Who a Direct Line conversation belongs to, as its endpoints need it.</summary>
public sealed record DirectLineChat(string Id, string UserId);

/// <summary>
/// Where the built-in Direct Line keeps its conversations: their histories (numbered activities, watermarks) and the
/// push of each new activity to the conversation's WebSocket. In this process (<see cref="LocalDirectLineStore"/>), or
/// shared, so a conversation started on one instance continues on any other, polled or over a socket held by another.
/// </summary>
public interface IDirectLineStore
{
    ValueTask<DirectLineChat> CreateAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The conversation, or null when it never was, has expired or was ended to make room.</summary>
    ValueTask<DirectLineChat?> FindAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Marks the conversation started; true only the first time.</summary>
    ValueTask<bool> TryStartAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Numbers and keeps an activity (typing indicators are pushed only, never kept) and pushes it to the
    /// conversation's socket wherever that is open. Returns the id it was given; null when the conversation has ended.</summary>
    ValueTask<string?> AppendAsync(string conversationId, Activity activity, CancellationToken cancellationToken);

    /// <summary>The activities after <paramref name="watermark"/>, at most <see cref="DirectLineOptions.MaxActivitiesPerRead"/>,
    /// and the watermark after the last one returned.</summary>
    ValueTask<ActivitySet> SinceAsync(string conversationId, int watermark, CancellationToken cancellationToken);

    /// <summary>Opens the conversation's one socket here, queueing what it has not seen (from <paramref name="watermark"/>,
    /// or from the start); null when this instance already has one open on it or the conversation has ended.</summary>
    ValueTask<ChannelReader<string>?> SubscribeAsync(string conversationId, int? watermark, CancellationToken cancellationToken);

    void Unsubscribe(string conversationId, ChannelReader<string> frames);

    /// <summary>Conversations this store holds, when it can count them without a round trip; null otherwise.</summary>
    int? Count { get; }
}

/// <summary>The built-in Direct Line's conversations in this process (<see cref="DirectLineConversations"/>).</summary>
public sealed class LocalDirectLineStore(DirectLineConversations conversations, TimeProvider time) : IDirectLineStore
{
    public int? Count => conversations.Count;

    public ValueTask<DirectLineChat> CreateAsync(string userId, CancellationToken cancellationToken) => ValueTask.FromResult(Chat(conversations.Create(userId)));

    public ValueTask<DirectLineChat?> FindAsync(string conversationId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(conversations.Find(conversationId) is { } found ? Chat(found) : null);

    public ValueTask<bool> TryStartAsync(string conversationId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(conversations.Find(conversationId)?.TryStart() == true);

    public ValueTask<string?> AppendAsync(string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        if (conversations.Find(conversationId) is not { } conversation)
        {
            return ValueTask.FromResult<string?>(null);
        }

        var id = conversation.Append(activity, time.GetUtcNow());
        conversations.EnforceBudget();
        return ValueTask.FromResult<string?>(id);
    }

    public ValueTask<ActivitySet> SinceAsync(string conversationId, int watermark, CancellationToken cancellationToken) =>
        ValueTask.FromResult(conversations.Find(conversationId)?.Since(watermark) ?? new ActivitySet([], watermark.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public ValueTask<ChannelReader<string>?> SubscribeAsync(string conversationId, int? watermark, CancellationToken cancellationToken) =>
        ValueTask.FromResult(conversations.Find(conversationId)?.Subscribe(watermark));

    public void Unsubscribe(string conversationId, ChannelReader<string> frames) => conversations.Find(conversationId)?.Unsubscribe(frames);

    private static DirectLineChat Chat(DirectLineConversation conversation) => new(conversation.Id, conversation.UserId);
}
