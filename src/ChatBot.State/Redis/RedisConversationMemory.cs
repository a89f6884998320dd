using System.Text.Json;
using ChatBot.Answering.Conversation;
using Microsoft.Extensions.Caching.Distributed;

namespace ChatBot.State.Redis;

/// <summary>
/// Conversation memory in the shared <see cref="IDistributedCache"/> (Redis), so a follow-up is understood on whichever
/// instance it lands: the recent turns of a conversation as one entry, forgotten after <see cref="ConversationOptions.IdleExpiry"/>
/// without activity. Turns of one conversation are answered in order on one instance (the turn scheduler); two
/// instances answering the same conversation at the same instant could each keep only its own turn, which costs a
/// follow-up its context, never an answer.
/// </summary>
public sealed class RedisConversationMemory(IDistributedCache cache, ConversationOptions options) : IConversationMemory
{
    public async ValueTask<IReadOnlyList<Turn>> HistoryAsync(string conversationKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationKey);
        var stored = await cache.GetAsync(Key(conversationKey), cancellationToken).ConfigureAwait(false);
        return stored is null ? [] : JsonSerializer.Deserialize<Turn[]>(stored) ?? [];
    }

    public async ValueTask AddAsync(string conversationKey, Turn turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var history = await HistoryAsync(conversationKey, cancellationToken).ConfigureAwait(false);
        var kept = history.Append(turn).TakeLast(options.MaxTurns).ToArray();
        await cache.SetAsync(
            Key(conversationKey),
            JsonSerializer.SerializeToUtf8Bytes(kept),
            new DistributedCacheEntryOptions { SlidingExpiration = options.IdleExpiry },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A fixed-length key whatever the conversation id a caller sends.</summary>
    private static string Key(string conversationKey) => ConversationKeys.Digest("turns", conversationKey);
}
