namespace ChatBot.BotFramework.Feedback;

/// <summary>
/// The feedback users gave and the answers they can give it on. Teams does not keep either, so the bot must; with
/// several instances the store is shared, so a rating given on one is exported from any.
/// </summary>
public interface IFeedbackStore
{
    /// <summary>Remembers what a sent reply answered, under the id the channel gave the reply.</summary>
    ValueTask RememberAnswerAsync(string conversationKey, string replyId, AnsweredQuestion answered, CancellationToken cancellationToken);

    /// <summary>Stores a rating, with the rated answer when it is still remembered.</summary>
    ValueTask<FeedbackEntry> AddAsync(string conversationKey, string channel, string? replyToId, string reaction, string? text, CancellationToken cancellationToken);

    /// <summary>The ratings kept, oldest first, from <paramref name="since"/> on when given.</summary>
    IAsyncEnumerable<FeedbackEntry> ReadAsync(DateTimeOffset? since, CancellationToken cancellationToken);
}
