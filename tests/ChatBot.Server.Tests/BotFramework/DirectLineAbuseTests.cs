using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using ChatBot.BotFramework.DirectLine;
using ChatBot.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Server.Tests.BotFramework;

/// <summary>What an anonymous web visitor can send the built-in Direct Line, against the real host: every resource it
/// can grow is bounded in bytes, bad input is refused with a reason, and other visitors are still answered.</summary>
public sealed class DirectLineAbuseTests : IDisposable
{
    private readonly TempFolder _data = new();

    public void Dispose() => _data.Dispose();

    private async Task<ServerHost> StartAsync(params string[] settings)
    {
        var host = await ServerHost.StartAsync(_data.File("index.snapshot"), ["BotFramework:TypingDelay=00:00:00", "DirectLine:NewConversationsPerMinute=0", .. settings]);
        Assert.True((await host.WaitUntilReadyAsync()).Ready);
        return host;
    }

    [Fact]
    public async Task Posts_BadContentTypeTooLargeTooManyEntitiesOrAttachments_4xxWithReasonAndNothingStored()
    {
        await using var host = await StartAsync();
        var visitor = await DirectLineVisitor.StartAsync(host.Client);
        var before = (await visitor.ActivitiesAsync())["watermark"]!.ToString();
        var manyEntities = new JsonObject { ["type"] = "message", ["text"] = "hi", ["entities"] = new JsonArray([.. Enumerable.Range(0, 17).Select(_ => (JsonNode)new JsonObject())]) };
        var manyAttachments = new JsonObject { ["type"] = "message", ["text"] = "hi", ["attachments"] = new JsonArray([.. Enumerable.Range(0, 9).Select(_ => (JsonNode)new JsonObject())]) };
        var tooLarge = new JsonObject { ["type"] = "message", ["text"] = new string('a', 40_000) };

        var plain = await visitor.PostRawAsync("{\"type\":\"message\",\"text\":\"hi\"}", "text/plain");
        var entities = await visitor.PostRawAsync(manyEntities.ToJsonString());
        var attachments = await visitor.PostRawAsync(manyAttachments.ToJsonString());
        var large = await visitor.PostRawAsync(tooLarge.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, plain.Status);
        Assert.Contains("Content-Type: application/json", plain.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, entities.Status);
        Assert.Contains("17 entities; the limit is 16", entities.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, attachments.Status);
        Assert.Contains("9 attachments; the limit is 8", attachments.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.Status);
        Assert.Equal(before, (await visitor.ActivitiesAsync())["watermark"]!.ToString());
    }

    [Fact]
    public async Task Events_AcknowledgedButNotKept_MessagesCarryTheUserIdTheTokenEndpointReturned()
    {
        await using var host = await StartAsync();
        var visitor = await DirectLineVisitor.StartAsync(host.Client);
        await visitor.WaitForBotMessageAsync("I answer questions about");
        var before = (await visitor.ActivitiesAsync())["watermark"]!.ToString();

        for (var i = 0; i < 10; i++)
        {
            var (status, _) = await visitor.PostRawAsync("{\"type\":\"event\",\"name\":\"webchat/join\",\"value\":{\"x\":\"" + new string('v', 20_000) + "\"}}");
            Assert.Equal(HttpStatusCode.OK, status);
        }

        Assert.Equal(before, (await visitor.ActivitiesAsync())["watermark"]!.ToString());
        Assert.Equal(HttpStatusCode.OK, (await visitor.SayAsync("When was the ceasefire signed?")).Status);
        await visitor.WaitForBotMessageAsync("November 10, 2020");
        var userId = (string?)visitor.Issued["userId"];
        Assert.False(string.IsNullOrEmpty(userId));
        var mine = (await visitor.ActivitiesAsync())["activities"]!.AsArray().Single(a => (string?)a!["from"]!["role"] == "user")!;
        Assert.Equal(userId, (string?)mine["from"]!["id"]);
    }

    [Fact]
    public async Task PostingFasterThanTheRate_429WithRetryAfterBeforeAnythingIsStored()
    {
        await using var host = await StartAsync("DirectLine:PostsPerMinute=5");
        var visitor = await DirectLineVisitor.StartAsync(host.Client);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            statuses.Add((await visitor.SayAsync("When was the ceasefire signed?")).Status);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.All(statuses.Skip(5), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        var other = await DirectLineVisitor.StartAsync(host.Client);
        Assert.Equal(HttpStatusCode.OK, (await other.SayAsync("When was the ceasefire signed?")).Status);
        await other.WaitForBotMessageAsync("November 10, 2020");
    }

    [Fact]
    public async Task FloodOfLargeMessages_HistoryBoundedInBytesPerConversationAndInTotal_OtherVisitorsAnswered()
    {
        await using var host = await StartAsync(
            "DirectLine:PostsPerMinute=100000", "DirectLine:MaxHistoryBytesPerConversation=131072", "DirectLine:MaxTotalHistoryBytes=300000");
        var conversations = host.Services.GetRequiredService<DirectLineConversations>();
        var flooders = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => DirectLineVisitor.StartAsync(host.Client)));

        await Task.WhenAll(flooders.Select(async flooder =>
        {
            for (var i = 0; i < 60; i++)
            {
                await flooder.SayAsync(new string('x', 30_000));
            }
        }));

        Assert.True(conversations.HistoryBytes <= 300_000 + (3 * 131_072), $"{conversations.HistoryBytes} bytes held");
        var visitor = await DirectLineVisitor.StartAsync(host.Client);
        Assert.Equal(HttpStatusCode.OK, (await visitor.SayAsync("When was the ceasefire signed?")).Status);
        await visitor.WaitForBotMessageAsync("November 10, 2020");
        Assert.True(conversations.HistoryBytes <= 300_000 + 131_072, $"{conversations.HistoryBytes} bytes held");
        foreach (var flooder in flooders.Where(f => conversations.Find(f.ConversationId) is not null))
        {
            Assert.True(conversations.Find(flooder.ConversationId)!.HistoryBytes <= 131_072 + 70_000);
        }
    }

    [Fact]
    public async Task ConversationEvictedToMakeRoom_ItsSocketIsClosed()
    {
        await using var host = await StartAsync("DirectLine:MaxConversations=2");
        var first = await DirectLineVisitor.StartAsync(host.Client);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(first.StreamUrl), CancellationToken.None);

        await DirectLineVisitor.StartAsync(host.Client);
        await DirectLineVisitor.StartAsync(host.Client);

        var close = await ReadUntilCloseAsync(socket);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, close.Status);
        Assert.Contains("make room", close.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConversationIdlePastItsExpiry_ItsOpenSocketIsClosed()
    {
        await using var host = await StartAsync("DirectLine:IdleExpiry=00:00:02", "DirectLine:KeepAliveInterval=00:00:00.500");
        var visitor = await DirectLineVisitor.StartAsync(host.Client);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(visitor.StreamUrl), CancellationToken.None);

        var close = await ReadUntilCloseAsync(socket);

        Assert.Equal(WebSocketCloseStatus.NormalClosure, close.Status);
        Assert.Equal("conversation expired", close.Description);
        Assert.Null(host.Services.GetRequiredService<DirectLineConversations>().Find(visitor.ConversationId));
    }

    [Fact]
    public async Task TokenExpires_SocketClosedWithTheReason()
    {
        await using var host = await StartAsync("DirectLine:TokenLifetime=00:00:02");
        var visitor = await DirectLineVisitor.StartAsync(host.Client);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(visitor.StreamUrl), CancellationToken.None);

        var close = await ReadUntilCloseAsync(socket);

        Assert.Equal(WebSocketCloseStatus.PolicyViolation, close.Status);
        Assert.Equal("token expired", close.Description);
    }

    [Fact]
    public async Task MoreSocketsThanTheCap_Refused503_OthersKeepTheirs()
    {
        await using var host = await StartAsync("DirectLine:MaxSockets=2");
        var sockets = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                var visitor = await DirectLineVisitor.StartAsync(host.Client);
                var socket = new ClientWebSocket();
                sockets.Add(socket);
                await socket.ConnectAsync(new Uri(visitor.StreamUrl), CancellationToken.None);
            }

            var third = await DirectLineVisitor.StartAsync(host.Client);
            using var refused = new ClientWebSocket { Options = { CollectHttpResponseDetails = true } };
            await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(new Uri(third.StreamUrl), CancellationToken.None));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.HttpStatusCode);
            Assert.All(sockets, s => Assert.Equal(WebSocketState.Open, s.State));
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    private static async Task<(WebSocketCloseStatus? Status, string? Description)> ReadUntilCloseAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (result.CloseStatus, result.CloseStatusDescription);
            }
        }
    }
}
