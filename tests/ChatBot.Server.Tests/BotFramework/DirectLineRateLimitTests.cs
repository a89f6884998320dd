using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ChatBot.Tests.Shared;

namespace ChatBot.Server.Tests.BotFramework;

/// <summary>The per-address limit on opening Direct Line conversations, against the real host on loopback.</summary>
public sealed class DirectLineRateLimitTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Tokens_OverTheLimit_Get429WithRetryAfter_IssuedConversationsStillWork()
    {
        await using var server = await ServerHost.StartAsync(_data.File("index.snapshot"), "DirectLine:NewConversationsPerMinute=3");
        var tokens = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var issued = await server.Client.PostAsync(new Uri("/api/directline/token", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
            tokens.Add((string)(await issued.Content.ReadFromJsonAsync<JsonObject>())!["token"]!);
        }

        using var refused = await server.Client.PostAsync(new Uri("/api/directline/token", UriKind.Relative), null);
        using var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[0]);
        using var started = await server.Client.SendAsync(start);
        using var refresh = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/tokens/refresh");
        refresh.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[0]);
        using var refreshed = await server.Client.SendAsync(refresh);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Contains("Too many new conversations", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
    }

    [Fact]
    public async Task Tokens_LimitOff_AllServed()
    {
        await using var server = await ServerHost.StartAsync(_data.File("index.snapshot"), "DirectLine:NewConversationsPerMinute=0");
        for (var i = 0; i < 40; i++)
        {
            using var issued = await server.Client.PostAsync(new Uri("/api/directline/token", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        }
    }
}
