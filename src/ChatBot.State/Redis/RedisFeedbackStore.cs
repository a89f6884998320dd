using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using ChatBot.Answering.Conversation;
using ChatBot.BotFramework.Feedback;
using Microsoft.Extensions.Caching.Distributed;
using StackExchange.Redis;

namespace ChatBot.State.Redis;

/// <summary>
/// Feedback shared by all instances: the answers it can rate in the <see cref="IDistributedCache"/> for
/// <see cref="RedisStateOptions.AnswerRetention"/>, and the ratings in a Redis stream, whose entry ids are their times,
/// so an export reads from a date on directly. The stream is trimmed to about <see cref="RedisStateOptions.MaxFeedbackEntries"/>.
/// </summary>
public sealed class RedisFeedbackStore(RedisConnection redis, IDistributedCache cache, RedisStateOptions options, TimeProvider time) : IFeedbackStore
{
    private const int ReadBatch = 500;

    private RedisKey Stream => redis.Prefix + "feedback";

    public async ValueTask RememberAnswerAsync(string conversationKey, string replyId, AnsweredQuestion answered, CancellationToken cancellationToken) =>
        await cache.SetAsync(
            AnswerKey(conversationKey, replyId),
            JsonSerializer.SerializeToUtf8Bytes(answered),
            new DistributedCacheEntryOptions { AbsoluteExpirationRelativeToNow = options.AnswerRetention },
            cancellationToken).ConfigureAwait(false);

    public async ValueTask<FeedbackEntry> AddAsync(
        string conversationKey, string channel, string? replyToId, string reaction, string? text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversationKey);
        var answered = replyToId is null ? null : await cache.GetAsync(AnswerKey(conversationKey, replyToId), cancellationToken).ConfigureAwait(false);
        var feedback = new FeedbackEntry(
            conversationKey, channel, replyToId, reaction, text, time.GetUtcNow(), answered is null ? null : JsonSerializer.Deserialize<AnsweredQuestion>(answered));
        await redis.Database.StreamAddAsync(
            Stream, "entry", JsonSerializer.Serialize(feedback), maxLength: options.MaxFeedbackEntries, useApproximateMaxLength: true).ConfigureAwait(false);
        return feedback;
    }

    public async IAsyncEnumerable<FeedbackEntry> ReadAsync(DateTimeOffset? since, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Stream ids are "<milliseconds>-<sequence>"; "-" is the oldest. Each batch starts after the last id read.
        RedisValue from = since is { } start ? start.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : "-";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = await redis.Database.StreamRangeAsync(Stream, from, "+", ReadBatch).ConfigureAwait(false);
            foreach (var entry in batch)
            {
                if (entry["entry"] is { IsNullOrEmpty: false } json && JsonSerializer.Deserialize<FeedbackEntry>(json.ToString()) is { } feedback)
                {
                    yield return feedback;
                }
            }

            if (batch.Length < ReadBatch)
            {
                yield break;
            }

            from = "(" + batch[^1].Id;
        }
    }

    private static string AnswerKey(string conversationKey, string replyId) => ConversationKeys.Digest("answer", conversationKey + "\n" + replyId);
}
