using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using ChatBot.BotFramework.Turns;
using ChatBot.Server.Tests.BotFramework;
using ChatBot.Tests.Shared;

namespace ChatBot.Server.Tests.Llm;

/// <summary>A bot with a (stand-in) model, a test Teams channel receiving its activities, and a short stream interval.</summary>
public sealed class StreamingServerFixture : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _data = new();

    public LlmStandIn Model { get; private set; } = null!;

    public TestChannel Channel { get; private set; } = null!;

    public ServerHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Model = await LlmStandIn.StartAsync();
        Channel = await TestChannel.StartAsync();
        Host = await LlmServerFixture.StartReadyBotAsync(Model, _data.File("index.snapshot"),
            "Llm:TimeoutSeconds=10", "BotFramework:StreamInterval=00:00:00.200", "BotFramework:MessagesPerMinute=1000");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Channel.DisposeAsync();
        await Model.DisposeAsync();
    }

    public void Dispose() => _data.Dispose();
}

/// <summary>
/// Answers streamed as the model writes them: into Teams one-to-one chats through the connector (streaminfo) and into
/// Web Chat over the built-in Direct Line's WebSocket (livestreaming), each closed by the verified final message.
/// </summary>
public sealed class ChannelStreamingTests(StreamingServerFixture fixture) : IClassFixture<StreamingServerFixture>
{
    private const string Fact = "November 10, 2020";

    private static readonly TimeSpan SlowPieces = TimeSpan.FromMilliseconds(120);

    [Fact]
    public async Task TeamsPersonalChat_InformativeThenCumulativeChunksThenTheFinalMessageWithLabelAndCitations()
    {
        var written = "";
        fixture.Model.Script = (prompt, _) => new Scripted(written = Supported(prompt), PieceDelay: SlowPieces);

        var activities = await AskTeamsAsync("When was the ceasefire signed?", "personal");

        var chunks = activities.TakeWhile(a => (string?)a["type"] == "typing").ToList();
        var final = activities[chunks.Count];
        Assert.Equal("message", (string?)final["type"]);
        Assert.True(chunks.Count >= 3, $"{chunks.Count} chunks");
        Assert.Equal(("informative", BotTurnProcessor.Searching), ((string?)StreamInfo(chunks[0])["streamType"], (string?)chunks[0]["text"]));
        Assert.Equal(Enumerable.Range(1, chunks.Count), chunks.Select(c => (int)StreamInfo(c)["streamSequence"]!));
        Assert.Equal(Enumerable.Range(1, chunks.Count), chunks.Select(c => (int)c["channelData"]!["streamSequence"]!));
        var streaming = chunks.Skip(1).ToList();
        Assert.All(streaming, c => Assert.Equal("streaming", (string?)StreamInfo(c)["streamType"]));
        var texts = streaming.Select(c => (string)c["text"]!).ToList();
        Assert.All(texts.Zip(texts.Skip(1)), pair => Assert.StartsWith(pair.First, pair.Second, StringComparison.Ordinal));
        Assert.True(texts.Count >= 2 && texts[0].Length < written.Length, "the text came in pieces");

        // Every later activity names the stream by the id the channel gave the first one.
        var streamId = (string?)StreamInfo(chunks[1])["streamId"];
        Assert.False(string.IsNullOrEmpty(streamId));
        Assert.Null(StreamInfo(chunks[0])["streamId"]);
        Assert.All(chunks.Skip(1), c => Assert.Equal(streamId, (string?)StreamInfo(c)["streamId"]));
        var closing = StreamInfo(final);
        Assert.Equal(("final", streamId), ((string?)closing["streamType"], (string?)closing["streamId"]));
        Assert.Null(closing["streamSequence"]);
        Assert.Equal(("final", streamId), ((string?)final["channelData"]!["streamType"], (string?)final["channelData"]!["streamId"]));

        var message = Assert.Single(final["entities"]!.AsArray(), e => (string?)e!["type"] == "https://schema.org/Message")!;
        Assert.Equal("AIGeneratedContent", (string?)message["additionalType"]![0]);
        Assert.Single(message["citation"]!.AsArray());
        Assert.Contains(Fact, (string?)final["text"], StringComparison.Ordinal);
        Assert.Equal("default", (string?)final["channelData"]!["feedbackLoop"]!["type"]);
    }

    [Fact]
    public async Task TeamsPersonalChat_StreamedClaimThatFailsVerification_IsReplacedByTheQuotedFinalMessage()
    {
        fixture.Model.Script = (_, _) => new Scripted("The ceasefire was signed in Geneva on March 3, 1999 after long talks between the parties [1].", PieceDelay: SlowPieces);

        var activities = await AskTeamsAsync("When was the ceasefire signed?", "personal");

        Assert.Contains(activities, a => (string?)a["type"] == "typing" && ((string?)a["text"])!.Contains("Geneva", StringComparison.Ordinal));
        var final = activities.Last();
        Assert.Equal(("message", "final"), ((string?)final["type"], (string?)StreamInfo(final)["streamType"]));
        Assert.DoesNotContain("Geneva", (string?)final["text"], StringComparison.Ordinal);
        Assert.Contains(Fact, (string?)final["text"], StringComparison.Ordinal);
        Assert.DoesNotContain("AIGeneratedContent", final.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TeamsGroupChat_GetsOneMessageAndNoStream()
    {
        fixture.Model.Script = (prompt, _) => new Scripted(Supported(prompt), PieceDelay: SlowPieces);

        var activities = await AskTeamsAsync("When was the ceasefire signed?", "groupChat");

        Assert.DoesNotContain(activities, a => a.ToJsonString().Contains("streaminfo", StringComparison.Ordinal));
        Assert.Equal("message", (string?)activities.Last()["type"]);
        Assert.Contains(Fact, (string?)activities.Last()["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task WebChatOverDirectLineWebSocket_LivestreamsThenTheFinalMessageReplacesIt()
    {
        fixture.Model.Script = (prompt, _) => new Scripted(Supported(prompt), PieceDelay: SlowPieces);
        var visitor = await DirectLineVisitor.StartAsync(fixture.Host.Client);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(visitor.StreamUrl + "&watermark=0"), CancellationToken.None);

        await visitor.SayAsync("When was the ceasefire signed?");
        var fromBot = new List<JsonObject>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        static bool IsAnswer(JsonObject a) => (string?)a["type"] == "message" && ((string?)a["text"])?.Contains(Fact, StringComparison.Ordinal) == true;
        while (!fromBot.Exists(IsAnswer))
        {
            var frame = await DirectLineVisitor.ReceiveAsync(socket, timeout.Token);
            if (frame.Length > 0)
            {
                fromBot.AddRange(JsonNode.Parse(frame)!["activities"]!.AsArray().Select(a => a!.AsObject()).Where(a => (string?)a["from"]!["role"] == "bot"));
            }
        }

        var chunks = fromBot.Where(a => (string?)a["type"] == "typing").ToList();
        var final = fromBot.Single(IsAnswer);
        Assert.True(chunks.Count >= 3, $"{chunks.Count} chunks");
        Assert.Equal("informative", (string?)chunks[0]["channelData"]!["streamType"]);
        Assert.All(chunks.Skip(1), c => Assert.Equal((string?)chunks[0]["id"], (string?)c["channelData"]!["streamId"]));
        Assert.Equal(((string?)chunks[0]["id"], "final"), ((string?)final["channelData"]!["streamId"], (string?)final["channelData"]!["streamType"]));
        var message = Assert.Single(final["entities"]!.AsArray(), e => (string?)e!["type"] == "https://schema.org/Message")!;
        Assert.Equal("AIGeneratedContent", (string?)message["keywords"]![0]);
        Assert.Null(message["additionalType"]);
        Assert.Contains("[1]: cite:1", (string?)final["text"], StringComparison.Ordinal);
    }

    private static string Supported(string prompt) =>
        $"After weeks of heavy fighting, the war between the two countries ended with a Russia-brokered ceasefire that was signed on {Fact} [{LlmStandIn.PassageNumberOf(prompt, Fact)}].";

    private static JsonObject StreamInfo(JsonObject activity) =>
        activity["entities"]!.AsArray().Single(e => (string?)e!["type"] == "streaminfo")!.AsObject();

    /// <summary>Posts a Teams message and returns what the bot sent to that conversation, up to its message.</summary>
    private async Task<List<JsonObject>> AskTeamsAsync(string question, string conversationType)
    {
        var conversation = $"teams-{Guid.NewGuid():N}";
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = "act-" + Guid.NewGuid().ToString("N")[..8],
            ["channelId"] = "msteams",
            ["serviceUrl"] = fixture.Channel.ServiceUrl,
            ["from"] = new JsonObject { ["id"] = "29:user", ["name"] = "User" },
            ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "ChatBot" },
            ["conversation"] = new JsonObject { ["id"] = conversation, ["conversationType"] = conversationType },
            ["text"] = question,
        };
        using var response = await fixture.Host.Client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), activity);
        response.EnsureSuccessStatusCode();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var sent = fixture.Channel.Received.Where(r => r.Path.Contains(conversation, StringComparison.Ordinal)).Select(r => r.Activity).ToList();
            if (sent.Exists(a => (string?)a["type"] == "message"))
            {
                return sent;
            }

            Assert.True(DateTime.UtcNow < deadline, "no message from the bot");
            await Task.Delay(20);
        }
    }
}
