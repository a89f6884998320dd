using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using ChatBot.Server.Tests.BotFramework;
using ChatBot.Tests.Shared;
using Microsoft.Extensions.Options;

namespace ChatBot.Server.Tests.State;

/// <summary>Redis going away and coming back under a running bot: it says so, refuses what needs Redis with 503 and a
/// reason, still answers what does not, and recovers by itself.</summary>
public sealed class RedisOutageTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private static string[] Settings(RedisServer server) =>
    [
        $"ConnectionStrings:Redis={server.ConnectionString}", $"DirectLine:SigningKey={SharedStateTests.SigningKey}",
        "BotFramework:TypingDelay=00:00:00", "DirectLine:NewConversationsPerMinute=0",
    ];

    [SkippableFact]
    public async Task RedisStoppedThenStarted_ReadyzAndRequestsSay503WithTheReason_ThenTheConversationsGoOn()
    {
        Skip.If(RedisServer.Missing is not null, RedisServer.Missing);
        await using var redis = await RedisServer.StartAsync();
        await using var host = await ServerHost.StartAsync(_data.File("index.snapshot"), Settings(redis));
        Assert.True((await host.WaitUntilReadyAsync()).Ready);
        var conversation = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.OK, (await AskAsync(host, "What did Azerbaijan do in September 2023?", conversation)).Status);
        var visitor = await DirectLineVisitor.StartAsync(host.Client);
        await visitor.WaitForBotMessageAsync("I answer questions about");
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await socket.ConnectAsync(new Uri(visitor.StreamUrl), timeout.Token);

        await redis.StopAsync();

        var (status, body) = await host.PollReadinessAsync((s, _) => s == HttpStatusCode.ServiceUnavailable);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("Unhealthy", (string?)body!["checks"]!["redis"]);
        Assert.Contains("redis: unreachable", (string?)body["reason"], StringComparison.Ordinal);
        var refused = await AskAsync(host, "How many people left as a result?", conversation);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
        Assert.Contains("Conversation store unavailable", refused.Body, StringComparison.Ordinal);
        Assert.NotNull(refused.RetryAfter);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await visitor.SayAsync("When was the ceasefire signed?")).Status);
        Assert.Equal(HttpStatusCode.OK, (await AskAsync(host, "When was the ceasefire signed?", null)).Status);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await ClosedWithAsync(socket, timeout.Token));

        await redis.StartAgainAsync();

        Assert.True((await host.WaitUntilReadyAsync(TimeSpan.FromSeconds(60))).Ready);
        var followUp = await AskAsync(host, "How many people left as a result?", conversation);
        Assert.Equal(HttpStatusCode.OK, followUp.Status);
        Assert.Contains("70,000", followUp.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await visitor.SayAsync("When was the ceasefire signed?")).Status);
        await visitor.WaitForBotMessageAsync("November 10, 2020");
    }

    [SkippableTheory]
    [InlineData(null, "DirectLine:SigningKey must be set when ConnectionStrings:Redis is")]
    [InlineData("c2hvcnQ=", "DirectLine:SigningKey must be base64 of at least 32 random bytes")]
    [InlineData("not base64 at all!", "DirectLine:SigningKey must be base64 of at least 32 random bytes")]
    public async Task SharedStateWithoutAGoodSigningKey_RefusedAtStartWithTheReason(string? key, string reason)
    {
        string[] settings = key is null ? ["ConnectionStrings:Redis=127.0.0.1:1"] : ["ConnectionStrings:Redis=127.0.0.1:1", $"DirectLine:SigningKey={key}"];

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => ServerHost.StartAsync(_data.File("index.snapshot"), settings));

        Assert.Contains(reason, failure.Message, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, string Body, string? RetryAfter)> AskAsync(ServerHost host, string question, string? conversation)
    {
        using var response = await host.Client.PostAsJsonAsync(new Uri("/api/ask", UriKind.Relative), new { question, conversationId = conversation });
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.RetryAfter?.ToString());
    }

    private static async Task<WebSocketCloseStatus?> ClosedWithAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        while (socket.State == WebSocketState.Open)
        {
            await DirectLineVisitor.ReceiveAsync(socket, cancellationToken);
        }

        return socket.CloseStatus;
    }
}
