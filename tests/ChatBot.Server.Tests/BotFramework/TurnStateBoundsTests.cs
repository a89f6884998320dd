using ChatBot.BotFramework;
using ChatBot.BotFramework.Turns;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Server.Tests.BotFramework;

/// <summary>State an anonymous caller can make the turn logic keep: bounded in bytes, not only in entries.</summary>
public sealed class TurnStateBoundsTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Feedback_LongTextsFromManyCallers_BoundedInBytesOldestDropped()
    {
        var store = new FeedbackStore(_time);

        for (var i = 0; i < 5000; i++)
        {
            store.Add(new string('c', 1024) + i, new string('r', 1024), "like", new string('t', FeedbackStore.MaxTextLength));
        }

        Assert.InRange(store.Bytes, 1, FeedbackStore.MaxBytes);
        Assert.True(store.Entries.Count < 5000);
        Assert.EndsWith("4999", store.Entries[^1].ConversationId, StringComparison.Ordinal);
    }

    [Fact]
    public void RateLimiter_ManyConversationsWithLongIds_TableStaysBounded()
    {
        var limiter = new ConversationRateLimiter(new BotFrameworkOptions { MessagesPerMinute = 5 }, _time);
        var id = new string('x', 1024);

        for (var i = 0; i < ConversationRateLimiter.MaxTracked + 5000; i++)
        {
            Assert.True(limiter.TryAcquire(id + i));
        }

        Assert.InRange(limiter.Tracked, 1, ConversationRateLimiter.MaxTracked + 1);
        for (var i = 0; i < 5; i++)
        {
            limiter.TryAcquire(id);
        }

        Assert.False(limiter.TryAcquire(id));
    }
}
