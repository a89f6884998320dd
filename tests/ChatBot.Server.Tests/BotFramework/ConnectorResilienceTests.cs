using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatBot.Tests.Shared;
using Microsoft.AspNetCore.Http;

namespace ChatBot.Server.Tests.BotFramework;

/// <summary>The connector's resilience pipeline against real channels on loopback: a channel that keeps failing is
/// given up on for a while (its breaker opens), and another channel is not affected.</summary>
public sealed class ConnectorResilienceTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _data = new();
    private ServerHost _server = null!;
    private TestChannel _down = null!;
    private TestChannel _up = null!;

    public async Task InitializeAsync()
    {
        _down = await TestChannel.StartAsync();
        _up = await TestChannel.StartAsync();
        _server = await ServerHost.StartAsync(
            _data.File("index.snapshot"), "BotFramework:TypingDelay=00:00:30", "BotFramework:MaxSendRetries=0", "BotFramework:MessagesPerMinute=1000");
        Assert.True((await _server.WaitUntilReadyAsync()).Ready);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _down.DisposeAsync();
        await _up.DisposeAsync();
    }

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task ChannelFailingEverySend_ItsBreakerOpensAndItIsCalledNoMore_AnotherChannelStillGetsReplies()
    {
        _down.ThrottleNext(int.MaxValue, StatusCodes.Status503ServiceUnavailable);
        const int Messages = 40;
        for (var i = 0; i < Messages; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await PostAsync(_down, $"down-{i}"));
        }

        // Each of the 40 turns tries its reply once; after 20 failures at that host its breaker is open.
        await Eventually.FindAsync(() => _down.Calls >= 20 ? "opened" : null, "twenty failed sends to the failing channel");
        Assert.Equal(HttpStatusCode.OK, await PostAsync(_up, "up-1"));
        var (_, reply) = Assert.Single(await _up.WaitForAsync(1));
        Assert.Contains("November 10, 2020", (string?)reply["text"], StringComparison.Ordinal);
        await Task.Delay(1000);
        Assert.InRange(_down.Calls, 20, Messages - 10);
        Assert.Empty(_down.Received);
    }

    private async Task<HttpStatusCode> PostAsync(TestChannel channel, string conversation)
    {
        var message = channel.Message("When was the ceasefire signed?", conversation);
        using var response = await _server.Client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), message);
        return response.StatusCode;
    }
}
