using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatBot.Tests.Shared;

namespace ChatBot.Server.Tests.BotFramework;

/// <summary>Channels that hang, fail or redirect, and activities a channel should never send: the bot keeps serving
/// everyone else, each fault is bounded, and bad input is refused with a reason.</summary>
public sealed class ChannelFaultTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _data = new();
    private ServerHost _server = null!;
    private TestChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _channel = await TestChannel.StartAsync();
        _server = await ServerHost.StartAsync(
            _data.File("index.snapshot"),
            "BotFramework:TypingDelay=00:00:30",
            "BotFramework:SendTimeout=00:00:05",
            "BotFramework:MaxSendRetries=0",
            "BotFramework:MaxPendingTurnsPerConversation=3",
            "BotFramework:MessagesPerMinute=1000");
        Assert.True((await _server.WaitUntilReadyAsync()).Ready);
    }

    public async Task DisposeAsync()
    {
        // The channel first: its hanging requests end, so the bot's shutdown need not wait out their send timeouts.
        await _channel.DisposeAsync();
        await _server.DisposeAsync();
    }

    public void Dispose() => _data.Dispose();

    private JsonObject Message(string conversation, string text = "When was the ceasefire signed?", string? serviceUrl = null) => new()
    {
        ["type"] = "message",
        ["id"] = "m-" + Guid.NewGuid().ToString("N")[..8],
        ["channelId"] = "emulator",
        ["serviceUrl"] = serviceUrl ?? _channel.ServiceUrl,
        ["from"] = new JsonObject { ["id"] = "user" },
        ["recipient"] = new JsonObject { ["id"] = "bot" },
        ["conversation"] = new JsonObject { ["id"] = conversation },
        ["text"] = text,
    };

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(JsonObject activity)
    {
        using var response = await _server.Client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), activity);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(condition(), what);
    }

    [Fact]
    public async Task HangingChannel_OtherConversationsAnsweredMeanwhile_TimeoutLoggedAndTheBotStaysUp()
    {
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(Message($"hang-{i}"))).Status);
        }

        await WaitUntilAsync(() => _channel.Hanging == 4, "the four hanging sends reached the channel");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Message("healthy-1"))).Status);
        var (_, reply) = Assert.Single(await _channel.WaitForAsync(1));

        // Answered while the channel still held all four hanging sends open.
        Assert.Equal(4, _channel.Hanging);
        Assert.Equal("healthy-1", (string?)reply["conversation"]!["id"]);

        // Each hanging send times out (BotFramework:SendTimeout) and the host goes on serving.
        await WaitUntilAsync(() => _channel.Hanging == 0, "the hanging sends were given up after SendTimeout");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Message("healthy-2"))).Status);
        await _channel.WaitForAsync(2);
        Assert.Equal(HttpStatusCode.OK, (await _server.Client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task ManyMessagesInOneConversation_RepliesInTheOrderAsked()
    {
        var questions = new[] { "When was the ceasefire signed?", "What are the obstacles to a peace agreement?", "When did Russian peacekeepers start withdrawing?" };
        var ids = new List<string>();
        foreach (var question in questions)
        {
            var message = Message("ordered", question);
            ids.Add((string)message["id"]!);
            Assert.Equal(HttpStatusCode.OK, (await PostAsync(message)).Status);
        }

        var received = await _channel.WaitForAsync(3);

        Assert.Equal(ids, received.Select(r => (string)r.Activity["replyToId"]!));
    }

    [Fact]
    public async Task ConversationWithTooManyTurnsWaiting_FurtherMessagesRefusedWith429_OthersServed()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            statuses.Add((await PostAsync(Message("hang-busy"))).Status);
        }

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Message("healthy-3"))).Status);
        await _channel.WaitForAsync(1);
    }

    [Fact]
    public async Task ChannelAnsweringWithARedirect_NotFollowed()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Message("redirect-1"))).Status);
        await WaitUntilAsync(() => _channel.FaultCalls.GetValueOrDefault("redirect-") >= 1, "the reply was sent");
        await Task.Delay(300);

        Assert.Equal(0, _channel.RedirectFollowed);
    }

    [Theory]
    [InlineData("?x=1")]
    [InlineData("#frag")]
    [InlineData("userinfo")]
    public async Task ServiceUrlWithQueryFragmentOrUserInfo_400WithTheReason(string spoil)
    {
        var url = new Uri(_channel.ServiceUrl);
        var serviceUrl = spoil == "userinfo" ? $"http://user:secret@{url.Authority}{url.AbsolutePath}" : _channel.ServiceUrl + spoil;

        var (status, body) = await PostAsync(Message("bad-url", serviceUrl: serviceUrl));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("query, fragment or user-info", body, StringComparison.Ordinal);
        await Task.Delay(200);
        Assert.Equal(0, _channel.Calls);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("conversation")]
    [InlineData("replyToId")]
    [InlineData("from")]
    public async Task IdLongerThan1KB_400WithTheReason(string field)
    {
        var message = Message("long-ids");
        var longId = new string('x', 1025);
        switch (field)
        {
            case "conversation":
                message["conversation"] = new JsonObject { ["id"] = longId };
                break;
            case "from":
                message["from"] = new JsonObject { ["id"] = longId };
                break;
            default:
                message[field] = longId;
                break;
        }

        var (status, body) = await PostAsync(message);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("the limit is 1024", body, StringComparison.Ordinal);
    }
}
