using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using ChatBot.BotFramework.Feedback;
using ChatBot.Server.Tests.BotFramework;
using ChatBot.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Server.Tests.State;

/// <summary>Two instances of the real host on one real Redis, as behind a load balancer: a conversation moves between
/// them at every turn and loses nothing.</summary>
public sealed class SharedStateTests(RedisFixture redis) : IClassFixture<RedisFixture>, IAsyncLifetime, IDisposable
{
    public static readonly string SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private readonly TempFolder _data = new();
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..12];
    private TestChannel _channel = null!;
    private ServerHost? _a;
    private ServerHost? _b;

    private ServerHost A => _a!;

    private ServerHost B => _b!;

    private string[] Settings(RedisServer server) =>
    [
        $"ConnectionStrings:Redis={server.ConnectionString}", $"Redis:KeyPrefix={_prefix}", $"DirectLine:SigningKey={SigningKey}",
        "BotFramework:TypingDelay=00:00:00", "DirectLine:NewConversationsPerMinute=0",
    ];

    public async Task InitializeAsync()
    {
        _channel = await TestChannel.StartAsync();
        if (RedisServer.Missing is not null)
        {
            return;
        }

        _a = await ServerHost.StartAsync(_data.File("a.snapshot"), Settings(redis.Server!));
        _b = await ServerHost.StartAsync(_data.File("b.snapshot"), Settings(redis.Server!));
        Assert.True((await A.WaitUntilReadyAsync()).Ready);
        Assert.True((await B.WaitUntilReadyAsync()).Ready);
    }

    public async Task DisposeAsync()
    {
        foreach (var host in new[] { _a, _b })
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }

        await _channel.DisposeAsync();
    }

    public void Dispose() => _data.Dispose();

    private static async Task<JsonObject> AskAsync(ServerHost host, string question, string conversation)
    {
        using var response = await host.Client.PostAsJsonAsync(new Uri("/api/ask", UriKind.Relative), new { question, conversationId = conversation });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    [SkippableFact]
    public async Task FollowUpOnB_AfterTheFirstQuestionOnA_IsUnderstood()
    {
        redis.Require();
        var conversation = Guid.NewGuid().ToString();

        await AskAsync(A, "What did Azerbaijan do in September 2023?", conversation);
        var followUp = await AskAsync(B, "How many people left as a result?", conversation);

        Assert.Contains("70,000", (string?)followUp["answer"], StringComparison.Ordinal);
        Assert.Equal(2, (await B.Services.GetRequiredService<ChatBot.Answering.Conversation.IConversationMemory>()
            .HistoryAsync(ChatBot.Answering.Conversation.ConversationKeys.Ask(conversation), default)).Count);
    }

    [SkippableFact]
    public async Task DirectLine_MessagePostedOnB_AnsweredInTheHistoryPolledFromA_AndPushedToTheSocketOnA_ThenTheSocketMovesToB()
    {
        redis.Require();
        var onA = await DirectLineVisitor.StartAsync(A.Client);
        await onA.WaitForBotMessageAsync("I answer questions about");
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await socket.ConnectAsync(new Uri(onA.StreamUrl), timeout.Token);
        Assert.StartsWith(A.Client.BaseAddress!.GetLeftPart(UriPartial.Authority).Replace("http", "ws", StringComparison.Ordinal), onA.StreamUrl, StringComparison.Ordinal);

        var (status, _) = await onA.Through(B.Client).SayAsync("When was the ceasefire signed?");

        Assert.Equal(HttpStatusCode.OK, status);
        var polled = await onA.WaitForBotMessageAsync("November 10, 2020");
        while (true)
        {
            var frame = await DirectLineVisitor.ReceiveAsync(socket, timeout.Token);
            var pushed = frame.Length == 0 ? null : JsonNode.Parse(frame)!["activities"]!.AsArray()
                .FirstOrDefault(a => ((string?)a!["text"])?.Contains("November 10, 2020", StringComparison.Ordinal) == true);
            if (pushed is not null)
            {
                Assert.Equal((string?)polled["id"], (string?)pushed["id"]);
                break;
            }
        }

        // The client moves to B, as after A stops: it reconnects there from its watermark and hears what is said on A.
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "moving", timeout.Token);
        var watermark = (string?)(await onA.ActivitiesAsync())["watermark"];
        using var onBSocket = new ClientWebSocket();
        var authority = A.Client.BaseAddress!.GetLeftPart(UriPartial.Authority).Replace("http", "ws", StringComparison.Ordinal);
        var streamOnB = B.Client.BaseAddress!.GetLeftPart(UriPartial.Authority).Replace("http", "ws", StringComparison.Ordinal) + onA.StreamUrl[authority.Length..];
        await onBSocket.ConnectAsync(new Uri(streamOnB + "&watermark=" + watermark), timeout.Token);
        Assert.Equal(HttpStatusCode.OK, (await onA.SayAsync("What did Azerbaijan do in September 2023?")).Status);
        var heard = new List<(string? Role, string? Text)>();
        while (heard.Count < 2 || heard[^1].Role != "bot")
        {
            var frame = await DirectLineVisitor.ReceiveAsync(onBSocket, timeout.Token);
            if (frame.Length > 0)
            {
                heard.AddRange(JsonNode.Parse(frame)!["activities"]!.AsArray().Where(a => (string?)a!["type"] == "message")
                    .Select(a => ((string?)a!["from"]!["role"], (string?)a["text"])));
            }
        }

        Assert.Equal(("user", "What did Azerbaijan do in September 2023?"), heard[0]);
        Assert.Contains("2023", heard[^1].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(heard, h => h.Text?.Contains("November 10, 2020", StringComparison.Ordinal) == true);
    }

    [SkippableFact]
    public async Task FeedbackGivenOnA_IsExportedFromB_WithTheQuestionAnswerAndCitations()
    {
        var server = redis.Require();
        var conversation = "19:" + Guid.NewGuid().ToString("N") + "@thread.v2";
        var message = _channel.Message("When was the ceasefire signed?", conversation);
        message["channelId"] = "msteams";
        using (var posted = await A.Client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), message))
        {
            Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        }

        var reply = await Eventually.FindAsync(
            () => _channel.Received.Select(r => r.Activity).FirstOrDefault(a => (string?)a["type"] == "message" && (string?)a["conversation"]!["id"] == conversation),
            "the answer at the channel");
        var invoke = _channel.Message(string.Empty, conversation, "fb1");
        invoke["type"] = "invoke";
        invoke["channelId"] = "msteams";
        invoke["name"] = "message/submitAction";
        invoke["replyToId"] = (string?)reply["id"];
        invoke["value"] = new JsonObject
        {
            ["actionName"] = "feedback",
            ["actionValue"] = new JsonObject { ["reaction"] = "like", ["feedback"] = "{\"feedbackText\":\"exactly, thanks\"}" },
        };
        using (var rated = await A.Client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), invoke))
        {
            Assert.Equal(HttpStatusCode.OK, rated.StatusCode);
        }

        var fromB = await B.Services.GetRequiredService<IFeedbackStore>().ReadAsync(null, default).ToListAsync();
        var entry = Assert.Single(fromB);
        Assert.Equal(("msteams", "like", "exactly, thanks", "When was the ceasefire signed?"), (entry.Channel, entry.Reaction, entry.Text, entry.Answered?.Question));
        Assert.Contains("November 10, 2020", entry.Answered!.Answer, StringComparison.Ordinal);
        Assert.NotEmpty(entry.Answered.Citations);

        var (exit, output) = await CliProcess.RunAsync(["feedback", "export", "--format", "csv", "--since", DateTime.UtcNow.AddHours(-1).ToString("O"), .. Settings(server).Select(s => "--" + s)]);
        Assert.True(exit == 0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("time,channel,conversation,replyToId,reaction,comment,question,answer,grounded,citations", lines[0], StringComparison.Ordinal);
        var row = lines[1];
        Assert.Contains($",msteams,messages|msteams|{conversation},", row, StringComparison.Ordinal);
        Assert.Contains(",like,\"exactly, thanks\",When was the ceasefire signed?,", row, StringComparison.Ordinal);
        Assert.Contains("November 10, 2020", output, StringComparison.Ordinal);
        Assert.Contains("[1] ", output, StringComparison.Ordinal);
        Assert.Contains("1 ratings exported", output, StringComparison.Ordinal);
    }
}
