using System.Text.Json.Nodes;
using System.Threading.Channels;
using ChatBot.Answering.Conversation;
using ChatBot.BotFramework;
using ChatBot.BotFramework.DirectLine;
using ChatBot.BotFramework.Feedback;
using ChatBot.BotFramework.Schema;
using ChatBot.BotFramework.Turns;

namespace ChatBot.Server.Tests.State;

/// <summary>The stores that hold what a conversation needs between turns, as every implementation must behave: in this
/// process and in Redis. One suite, run against each.</summary>
public abstract class StateStoreContract
{
    /// <summary>The stores under test, created with these options (a fresh key space each time).</summary>
    protected abstract Task<StateStores> CreateAsync(DirectLineOptions directLine, ConversationOptions conversation);

    protected sealed record StateStores(IDirectLineStore DirectLine, IConversationMemory Memory, IFeedbackStore Feedback, IRateLimiterFactory RateLimits);

    private static Activity Message(string text) => new() { Type = ActivityTypes.Message, Text = text };

    [SkippableFact]
    public async Task DirectLine_ActivitiesNumberedInOrder_ReadFromAnyWatermark()
    {
        var stores = await CreateAsync(new DirectLineOptions(), new ConversationOptions());
        var chat = await stores.DirectLine.CreateAsync("u1", default);

        var ids = new List<string?>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await stores.DirectLine.AppendAsync(chat.Id, Message("m" + i), default));
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"{chat.Id}|{i:D7}"), ids);
        var all = await stores.DirectLine.SinceAsync(chat.Id, 0, default);
        Assert.Equal(["m0", "m1", "m2", "m3", "m4"], all.Activities.Select(a => a.Text));
        Assert.Equal("5", all.Watermark);
        var after = await stores.DirectLine.SinceAsync(chat.Id, 3, default);
        Assert.Equal(["m3", "m4"], after.Activities.Select(a => a.Text));
        Assert.Equal(chat, await stores.DirectLine.FindAsync(chat.Id, default));
        Assert.Equal(ids[4], after.Activities[^1].Id);
        Assert.False(string.IsNullOrEmpty(after.Activities[^1].Timestamp));
    }

    [SkippableFact]
    public async Task DirectLine_PastItsLimits_OldestDroppedAndWatermarksKeepCounting()
    {
        var stores = await CreateAsync(new DirectLineOptions { MaxActivitiesPerConversation = 10, MaxActivitiesPerRead = 4 }, new ConversationOptions());
        var chat = await stores.DirectLine.CreateAsync("u1", default);

        for (var i = 0; i < 25; i++)
        {
            await stores.DirectLine.AppendAsync(chat.Id, Message("m" + i), default);
        }

        var first = await stores.DirectLine.SinceAsync(chat.Id, 0, default);
        Assert.Equal(["m15", "m16", "m17", "m18"], first.Activities.Select(a => a.Text));
        Assert.Equal("19", first.Watermark);
        var rest = await stores.DirectLine.SinceAsync(chat.Id, 23, default);
        Assert.Equal(["m23", "m24"], rest.Activities.Select(a => a.Text));
    }

    [SkippableFact]
    public async Task DirectLine_HistoryBoundedInBytes_OneConversationCannotGrowWithoutEnd()
    {
        var options = new DirectLineOptions { MaxHistoryBytesPerConversation = 16 * 1024 };
        var stores = await CreateAsync(options, new ConversationOptions());
        var chat = await stores.DirectLine.CreateAsync("u1", default);

        for (var i = 0; i < 40; i++)
        {
            await stores.DirectLine.AppendAsync(chat.Id, Message(i + new string('x', 2000)), default);
        }

        var kept = await stores.DirectLine.SinceAsync(chat.Id, 0, default);
        Assert.InRange(kept.Activities.Count, 1, 8);
        Assert.StartsWith("39", kept.Activities[^1].Text, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task DirectLine_Socket_GetsTheBacklogThenNewActivitiesOnceEach_TypingPushedNotKept_OneSocketPerConversation()
    {
        var stores = await CreateAsync(new DirectLineOptions(), new ConversationOptions());
        var chat = await stores.DirectLine.CreateAsync("u1", default);
        await stores.DirectLine.AppendAsync(chat.Id, Message("before"), default);

        var frames = await stores.DirectLine.SubscribeAsync(chat.Id, null, default);
        Assert.NotNull(frames);
        Assert.Null(await stores.DirectLine.SubscribeAsync(chat.Id, null, default));
        await stores.DirectLine.AppendAsync(chat.Id, new Activity { Type = ActivityTypes.Typing }, default);
        await stores.DirectLine.AppendAsync(chat.Id, Message("after"), default);

        var texts = new List<string?>();
        var watermarks = new List<string?>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (texts.Count < 3)
        {
            var frame = JsonNode.Parse(await frames!.ReadAsync(timeout.Token))!;
            watermarks.Add((string?)frame["watermark"]);
            texts.AddRange(frame["activities"]!.AsArray().Select(a => (string?)a!["type"] == ActivityTypes.Typing ? "typing" : (string?)a["text"]));
        }

        Assert.Equal(["before", "typing", "after"], texts);
        Assert.Equal(["1", null, "2"], watermarks);
        Assert.Equal(["before", "after"], (await stores.DirectLine.SinceAsync(chat.Id, 0, default)).Activities.Select(a => a.Text));
        stores.DirectLine.Unsubscribe(chat.Id, frames!);
        Assert.NotNull(await stores.DirectLine.SubscribeAsync(chat.Id, 2, default));
    }

    [SkippableFact]
    public async Task DirectLine_UnknownConversation_NotFoundNothingStored_StartedOnce()
    {
        var stores = await CreateAsync(new DirectLineOptions(), new ConversationOptions());
        var missing = Guid.NewGuid().ToString("N");

        Assert.Null(await stores.DirectLine.FindAsync(missing, default));
        Assert.Null(await stores.DirectLine.AppendAsync(missing, Message("hi"), default));
        Assert.False(await stores.DirectLine.TryStartAsync(missing, default));
        Assert.Null(await stores.DirectLine.SubscribeAsync(missing, null, default));
        Assert.Null(await stores.DirectLine.FindAsync(missing, default));

        var chat = await stores.DirectLine.CreateAsync("u1", default);
        Assert.True(await stores.DirectLine.TryStartAsync(chat.Id, default));
        Assert.False(await stores.DirectLine.TryStartAsync(chat.Id, default));
    }

    [SkippableFact]
    public async Task Memory_KeepsTheLastTurnsInOrder_PerConversation()
    {
        var stores = await CreateAsync(new DirectLineOptions(), new ConversationOptions { MaxTurns = 3 });
        var key = "ask|" + Guid.NewGuid();

        for (var i = 0; i < 5; i++)
        {
            await stores.Memory.AddAsync(key, new Turn("q" + i, "s" + i, i % 2 == 0, "a" + i, DateTimeOffset.UnixEpoch.AddMinutes(i)), default);
        }

        var history = await stores.Memory.HistoryAsync(key, default);
        Assert.Equal(["q2", "q3", "q4"], history.Select(t => t.Question));
        Assert.Equal(new Turn("q4", "s4", true, "a4", DateTimeOffset.UnixEpoch.AddMinutes(4)), history[^1]);
        Assert.Empty(await stores.Memory.HistoryAsync(key + "other", default));
    }

    [SkippableFact]
    public async Task Feedback_JoinedWithTheRatedAnswer_ReadFromADate()
    {
        var stores = await CreateAsync(new DirectLineOptions(), new ConversationOptions());
        var key = "messages|msteams|" + Guid.NewGuid();
        var answered = new AnsweredQuestion("When?", "In 2020 [1].", true, [new FeedbackCitation(1, "Article", "https://example.com/a", "In 2020.")]);
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);

        await stores.Feedback.RememberAnswerAsync(key, "reply-1", answered, default);
        var liked = await stores.Feedback.AddAsync(key, "msteams", "reply-1", "like", "clear", default);
        var unknown = await stores.Feedback.AddAsync(key, "msteams", "reply-2", "dislike", null, default);

        Assert.Equivalent(answered, liked.Answered, strict: true);
        Assert.Null(unknown.Answered);
        var read = await stores.Feedback.ReadAsync(start, default).Where(f => f.ConversationId == key).ToListAsync();
        Assert.Equal(["like", "dislike"], read.Select(f => f.Reaction));
        Assert.Equal("When?", read[0].Answered!.Question);
        Assert.Equal("https://example.com/a", read[0].Answered!.Citations[0].SourceUrl);
        Assert.Empty(await stores.Feedback.ReadAsync(DateTimeOffset.UtcNow.AddMinutes(5), default).Where(f => f.ConversationId == key).ToListAsync());
    }

    [SkippableFact]
    public async Task RateLimits_OneAllowancePerKey()
    {
        var stores = await CreateAsync(new DirectLineOptions(), new ConversationOptions());
        using var limiter = new ConversationRateLimiter(new BotFrameworkOptions { MessagesPerMinute = 3 }, stores.RateLimits);
        var key = "ask|" + Guid.NewGuid();

        var taken = new List<bool>();
        for (var i = 0; i < 5; i++)
        {
            taken.Add(await limiter.TryAcquireAsync(key, default));
        }

        Assert.Equal([true, true, true, false, false], taken);
        Assert.True(await limiter.TryAcquireAsync(key + new string('x', 10_000), default));
    }
}

/// <summary>The in-process stores.</summary>
public sealed class LocalStateStoreTests : StateStoreContract
{
    protected override Task<StateStores> CreateAsync(DirectLineOptions directLine, ConversationOptions conversation) =>
        Task.FromResult(new StateStores(
            new LocalDirectLineStore(new DirectLineConversations(directLine, TimeProvider.System), TimeProvider.System),
            new ConversationStore(conversation, TimeProvider.System),
            new FeedbackStore(TimeProvider.System),
            new LocalRateLimiterFactory()));
}
