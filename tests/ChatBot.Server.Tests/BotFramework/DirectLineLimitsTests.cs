using ChatBot.BotFramework.DirectLine;
using ChatBot.BotFramework.Schema;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Server.Tests.BotFramework;

/// <summary>The built-in Direct Line's bounds: conversations, history, idle expiry and slow sockets.</summary>
public sealed class DirectLineLimitsTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Conversations_OverTheLimit_OldestDropped()
    {
        var conversations = new DirectLineConversations(new DirectLineOptions { MaxConversations = 2 }, _time);
        var first = conversations.Create("u1");
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = conversations.Create("u2");
        _time.Advance(TimeSpan.FromSeconds(1));

        conversations.Create("u3");

        Assert.Null(conversations.Find(first.Id));
        Assert.NotNull(conversations.Find(second.Id));
        Assert.Equal(2, conversations.Count);
    }

    [Fact]
    public void Conversations_Idle_Forgotten()
    {
        var conversations = new DirectLineConversations(new DirectLineOptions { IdleExpiry = TimeSpan.FromMinutes(5) }, _time);
        var conversation = conversations.Create("u");

        _time.Advance(TimeSpan.FromMinutes(6));

        Assert.Null(conversations.Find(conversation.Id));
    }

    [Fact]
    public void History_Bounded_WatermarksKeepCounting()
    {
        var conversation = new DirectLineConversation("c", "u", new DirectLineOptions { MaxActivitiesPerConversation = 10 }, _time.GetUtcNow());
        for (var i = 0; i < 15; i++)
        {
            conversation.Append(new Activity { Type = "message", Text = $"m{i}" }, _time.GetUtcNow());
        }

        var all = conversation.Since(0);
        var latest = conversation.Since(13);

        Assert.Equal("15", all.Watermark);
        Assert.Equal("m5", all.Activities[0].Text);
        Assert.Equal(["m13", "m14"], latest.Activities.Select(a => a.Text));
    }

    [Fact]
    public void Socket_ClientNotReading_IsCutOffInsteadOfBuffering()
    {
        var conversation = new DirectLineConversation("c", "u", new DirectLineOptions { SocketBufferFrames = 3 }, _time.GetUtcNow());
        var frames = conversation.Subscribe(null)!;

        for (var i = 0; i < 5; i++)
        {
            conversation.Append(new Activity { Type = "message", Text = $"m{i}" }, _time.GetUtcNow());
        }

        var buffered = 0;
        while (frames.TryRead(out _))
        {
            buffered++;
        }

        Assert.Equal(3, buffered);
        Assert.True(frames.Completion.IsFaulted);
        Assert.NotNull(conversation.Subscribe(5));
    }

    [Fact]
    public void Typing_GoesToTheSocketOnlyAndTakesNoWatermark()
    {
        var conversation = new DirectLineConversation("c", "u", new DirectLineOptions(), _time.GetUtcNow());
        var frames = conversation.Subscribe(null)!;

        conversation.Append(new Activity { Type = "typing" }, _time.GetUtcNow());
        conversation.Append(new Activity { Type = "message", Text = "answer" }, _time.GetUtcNow());

        Assert.Equal(["answer"], conversation.Since(0).Activities.Select(a => a.Text));
        Assert.Equal(2, frames.Count);
    }

    [Theory]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    public void ClientAddresses_IPv6CountedByItsSlash64(string address, string partition)
    {
        Assert.Equal(partition, ClientAddresses.PartitionKey(System.Net.IPAddress.Parse(address)));
    }

    [Fact]
    public void History_BoundedInBytes_OldestDroppedAndTheBudgetReleasedWhenClosed()
    {
        var options = new DirectLineOptions { MaxHistoryBytesPerConversation = 16 * 1024 };
        var budget = new HistoryBudget();
        var conversation = new DirectLineConversation("c", "u", options, _time.GetUtcNow(), budget);
        for (var i = 0; i < 20; i++)
        {
            conversation.Append(new Activity { Type = "message", Text = new string('x', 2000) + i }, _time.GetUtcNow());
        }

        Assert.InRange(conversation.HistoryBytes, 1, 16 * 1024);
        Assert.Equal(conversation.HistoryBytes, budget.Bytes);
        Assert.Equal("20", conversation.Since(0).Watermark);
        Assert.EndsWith("19", conversation.Since(0).Activities[^1].Text, StringComparison.Ordinal);

        conversation.Close("ended");

        Assert.Equal(0, budget.Bytes);
        Assert.Null(conversation.Subscribe(null));
    }

    [Fact]
    public void Since_ReplayBounded_TheWatermarkLetsTheClientReadOn()
    {
        var conversation = new DirectLineConversation("c", "u", new DirectLineOptions { MaxActivitiesPerRead = 4 }, _time.GetUtcNow());
        for (var i = 0; i < 10; i++)
        {
            conversation.Append(new Activity { Type = "message", Text = $"m{i}" }, _time.GetUtcNow());
        }

        var first = conversation.Since(0);
        var second = conversation.Since(int.Parse(first.Watermark!, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(["m0", "m1", "m2", "m3"], first.Activities.Select(a => a.Text));
        Assert.Equal(["m4", "m5", "m6", "m7"], second.Activities.Select(a => a.Text));
    }
}
