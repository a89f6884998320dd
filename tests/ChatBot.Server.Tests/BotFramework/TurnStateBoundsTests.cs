using ChatBot.BotFramework;
using ChatBot.BotFramework.Feedback;
using ChatBot.BotFramework.Turns;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Server.Tests.BotFramework;

/// <summary>State an anonymous caller can make the turn logic keep: bounded in bytes, not only in entries.</summary>
public sealed class TurnStateBoundsTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Feedback_LongTextsFromManyCallers_BoundedInBytesOldestDropped()
    {
        var store = new FeedbackStore(_time);
        var answered = new AnsweredQuestion(new string('q', AnsweredQuestion.MaxQuestionLength), new string('a', AnsweredQuestion.MaxAnswerLength), true, []);

        for (var i = 0; i < 5000; i++)
        {
            await store.RememberAnswerAsync(new string('c', 1024) + i, new string('r', 1024), answered, default);
            await store.AddAsync(new string('c', 1024) + i, "msteams", new string('r', 1024), "like", new string('t', FeedbackEntry.MaxTextLength), default);
        }

        Assert.InRange(store.Bytes, 1, 2 * FeedbackStore.MaxBytes);
        Assert.True(store.Entries.Count < 5000);
        Assert.EndsWith("4999", store.Entries[^1].ConversationId, StringComparison.Ordinal);
        Assert.NotNull(store.Entries[^1].Answered);
    }

    [Fact]
    public async Task RateLimiter_OneConversationOverItsRate_LimitedAlone()
    {
        using var limiter = new ConversationRateLimiter(new BotFrameworkOptions { MessagesPerMinute = 5 }, new LocalRateLimiterFactory());
        var id = new string('x', 100_000);

        for (var i = 0; i < 5; i++)
        {
            Assert.True(await limiter.TryAcquireAsync(id, default));
        }

        Assert.False(await limiter.TryAcquireAsync(id, default));
        Assert.True(await limiter.TryAcquireAsync(id + "other", default));
    }
}
