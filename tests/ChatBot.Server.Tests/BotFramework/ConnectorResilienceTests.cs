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
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await PostAsync(_down, $"down-{i}"));
        }

        // Each turn tries its reply once; twenty failures at that host open its breaker.
        await Eventually.FindAsync(() => _down.Calls >= 20 ? "failed" : null, "twenty failed sends to the failing channel");
        for (var i = 20; i < 30; i++)
        {
            Assert.Equal(HttpStatusCode.OK, await PostAsync(_down, $"down-{i}"));
        }

        Assert.Equal(HttpStatusCode.OK, await PostAsync(_up, "up-1"));
        var (_, reply) = Assert.Single(await _up.WaitForAsync(1));
        Assert.Contains("November 10, 2020", (string?)reply["text"], StringComparison.Ordinal);
        await Task.Delay(2000);
        Assert.Equal(20, _down.Calls);
        Assert.Empty(_down.Received);
    }

    private async Task<HttpStatusCode> PostAsync(TestChannel channel, string conversation)
    {
        var message = channel.Message("When was the ceasefire signed?", conversation);
        using var response = await _server.Client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), message);
        return response.StatusCode;
    }
}
