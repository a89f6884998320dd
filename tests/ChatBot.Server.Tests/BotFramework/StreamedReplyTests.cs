using Stopwatch = System.Diagnostics.Stopwatch;
using ChatBot.BotFramework.Schema;
using ChatBot.BotFramework.Turns;

namespace ChatBot.Server.Tests.BotFramework;

/// <summary>How a streamed reply treats a channel that is slow or fails: the answer is never held up by it.</summary>
public sealed class StreamedReplyTests
{
    private static readonly Activity Inbound = new()
    {
        Type = ActivityTypes.Message,
        Id = "in-1",
        ChannelId = "msteams",
        Conversation = new ConversationAccount { Id = "c-1", ConversationType = "personal" },
        From = new ChannelAccount { Id = "user" },
        Recipient = new ChannelAccount { Id = "bot" },
    };

    [Fact]
    public async Task ChannelThatNeverTakesAChunk_HoldsNeitherTheWritingNorTheFinalMessageForLong()
    {
        var sent = 0;
        using var stream = new StreamedReply(Inbound, async (_, cancellationToken) =>
        {
            Interlocked.Increment(ref sent);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return "never";
        }, TimeSpan.Zero, TimeProvider.System);
        var clock = Stopwatch.StartNew();

        stream.Inform("Looking…");
        for (var i = 0; i < 100; i++)
        {
            await stream.OnDeltaAsync("word ", CancellationToken.None);
        }

        var writing = clock.Elapsed;
        var final = new Activity { Type = ActivityTypes.Message, Text = "answer" };
        await stream.CompleteAsync(final);

        Assert.InRange(writing.TotalSeconds, 0, 1);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 10);
        Assert.Equal(1, sent);
        Assert.Null(final.Entities);
    }

    [Fact]
    public async Task ChannelThatRefusesTheFirstChunk_EndsTheStreamAndTheFinalMessageIsAPlainReply()
    {
        var sent = new List<Activity>();
        using var stream = new StreamedReply(Inbound, (activity, _) =>
        {
            sent.Add(activity);
            return Task.FromResult<string?>(null);
        }, TimeSpan.Zero, TimeProvider.System);

        await stream.OnDeltaAsync("The answer ", CancellationToken.None);
        await stream.OnDeltaAsync("goes on.", CancellationToken.None);
        var final = new Activity { Type = ActivityTypes.Message, Text = "The answer goes on." };
        await stream.CompleteAsync(final);

        Assert.Single(sent);
        Assert.True(stream.Started);
        Assert.Null(final.Entities);
        Assert.Null(final.ChannelData);
    }

    [Theory]
    [InlineData("msteams", "personal", true)]
    [InlineData("msteams", "groupChat", false)]
    [InlineData("msteams", "channel", false)]
    [InlineData("directline", null, true)]
    [InlineData("webchat", null, true)]
    [InlineData("emulator", null, false)]
    public void Supports_TeamsOneToOneChatsAndDirectLine(string channel, string? conversationType, bool expected)
    {
        var inbound = new Activity { Type = ActivityTypes.Message, ChannelId = channel, Conversation = new ConversationAccount { Id = "c", ConversationType = conversationType } };

        Assert.Equal(expected, StreamedReply.Supports(inbound));
    }
}
