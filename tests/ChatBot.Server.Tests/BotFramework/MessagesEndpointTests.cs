using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ChatBot.BotFramework.Connector;
using ChatBot.BotFramework.Turns;
using ChatBot.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Server.Tests.BotFramework;

/// <summary>/api/messages against the real host on loopback, with a test channel receiving the replies.</summary>
public sealed class MessagesEndpointTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _data = new();
    private ServerHost _server = null!;
    private TestChannel _channel = null!;

    public async Task InitializeAsync()
    {
        _channel = await TestChannel.StartAsync();
        _server = await ServerHost.StartAsync(_data.File("index.snapshot"), "BotFramework:TypingDelay=00:00:00", "BotFramework:MessagesPerMinute=20");
        Assert.True((await _server.WaitUntilReadyAsync()).Ready);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _channel.DisposeAsync();
    }

    public void Dispose() => _data.Dispose();

    private JsonObject Activity(string type, string? text = null, string channel = "emulator", string conversation = "conv-1") => new()
    {
        ["type"] = type,
        ["id"] = "act-" + Guid.NewGuid().ToString("N")[..8],
        ["channelId"] = channel,
        ["serviceUrl"] = _channel.ServiceUrl,
        ["from"] = new JsonObject { ["id"] = "user-1", ["name"] = "User" },
        ["recipient"] = new JsonObject { ["id"] = "bot-1", ["name"] = "ChatBot" },
        ["conversation"] = new JsonObject { ["id"] = conversation },
        ["text"] = text,
    };

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(JsonObject activity)
    {
        using var response = await _server.Client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), activity);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Message_EmulatorFlow_TypingThenCitedReplyThroughTheConnector()
    {
        var activity = Activity("message", "When was the ceasefire signed?", conversation: "a:1;b@c");

        var (status, body) = await PostAsync(activity);
        var received = await _channel.WaitForAsync(2);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(string.Empty, body);
        Assert.Equal("typing", (string?)received[0].Activity["type"]);
        var (path, reply) = received[1];
        Assert.Equal($"/amer/v3/conversations/{Uri.EscapeDataString("a:1;b@c")}/activities/{activity["id"]}", path);
        Assert.Equal("message", (string?)reply["type"]);
        Assert.Equal((string?)activity["id"], (string?)reply["replyToId"]);
        Assert.Equal("bot-1", (string?)reply["from"]!["id"]);
        Assert.Equal("user-1", (string?)reply["recipient"]!["id"]);
        var text = (string)reply["text"]!;
        Assert.Contains("November 10, 2020", text, StringComparison.Ordinal);
        Assert.Contains("\n\n[1]: cite:1 \"", text, StringComparison.Ordinal);
        var entity = Assert.Single(reply["entities"]!.AsArray())!;
        Assert.Equal("https://schema.org/Message", (string?)entity["type"]);
        Assert.Equal(1, (int)entity["citation"]![0]!["position"]!);
        Assert.Null(entity["additionalType"]);
    }

    [Fact]
    public async Task Message_ExpectReplies_RepliesInTheResponseBodyOnly()
    {
        var activity = Activity("message", "What are the obstacles to a peace agreement?");
        activity["deliveryMode"] = "expectReplies";

        var (status, body) = await PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, status);
        var replies = JsonNode.Parse(body)!["activities"]!.AsArray();
        Assert.Contains("constitution", (string)Assert.Single(replies)!["text"]!, StringComparison.OrdinalIgnoreCase);
        await Task.Delay(200);
        Assert.Empty(_channel.Received);
    }

    [Fact]
    public async Task Message_Teams_MentionStrippedCitationsWithoutLinkDefinitionsAndFeedbackOn()
    {
        var activity = Activity("message", "<at>ChatBot</at> When did Russian peacekeepers start withdrawing?", channel: "msteams");
        activity["deliveryMode"] = "expectReplies";
        activity["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>ChatBot</at>",
            ["mentioned"] = new JsonObject { ["id"] = "bot-1", ["name"] = "ChatBot" },
        });
        activity["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = "t1" } };

        var (_, body) = await PostAsync(activity);

        var reply = JsonNode.Parse(body)!["activities"]![0]!;
        Assert.Contains("April 2024", (string)reply["text"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("cite:", (string)reply["text"]!, StringComparison.Ordinal);
        Assert.Single(reply["entities"]!.AsArray());
        Assert.Equal("default", (string?)reply["channelData"]!["feedbackLoop"]!["type"]);
        Assert.True((bool)reply["channelData"]!["feedbackLoopEnabled"]!);
    }

    [Fact]
    public async Task ConversationUpdate_UserAdded_WelcomeWithThreeSuggestedQuestions()
    {
        var activity = Activity("conversationUpdate");
        activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "bot-1" }, new JsonObject { ["id"] = "user-1" });

        await PostAsync(activity);
        var (_, welcome) = Assert.Single(await _channel.WaitForAsync(1));

        Assert.Contains("peace process", (string)welcome["text"]!, StringComparison.Ordinal);
        Assert.Equal(3, welcome["suggestedActions"]!["actions"]!.AsArray().Count);
        Assert.Equal("imBack", (string?)welcome["suggestedActions"]!["actions"]![0]!["type"]);
    }

    [Fact]
    public async Task InstallationUpdate_Add_Welcomes()
    {
        var activity = Activity("installationUpdate", channel: "msteams");
        activity["action"] = "add";

        await PostAsync(activity);

        Assert.Single(await _channel.WaitForAsync(1));
    }

    [Fact]
    public async Task Invoke_Feedback_200EmptyAndStored()
    {
        var activity = Activity("invoke", channel: "msteams");
        activity["name"] = "message/submitAction";
        activity["replyToId"] = "reply-42";
        activity["value"] = new JsonObject
        {
            ["actionName"] = "feedback",
            ["actionValue"] = new JsonObject { ["reaction"] = "dislike", ["feedback"] = "{\"feedbackText\":\"too short\"}" },
        };

        var (status, body) = await PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(string.Empty, body);
        var stored = Assert.Single(_server.Services.GetRequiredService<ChatBot.BotFramework.Feedback.FeedbackStore>().Entries);
        Assert.Equal((ChatBot.Answering.Conversation.ConversationKeys.Channel("msteams", "conv-1"), "reply-42", "dislike", "too short"), (stored.ConversationId, stored.ReplyToId, stored.Reaction, stored.Text));
    }

    [Fact]
    public async Task Invoke_UnknownName_501()
    {
        var activity = Activity("invoke");
        activity["name"] = "composeExtension/query";

        Assert.Equal(HttpStatusCode.NotImplemented, (await PostAsync(activity)).Status);
    }

    [Theory]
    [InlineData("not json at all", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{\"text\":\"no type\"}", "application/json", HttpStatusCode.BadRequest)]
    [InlineData("{\"type\":\"message\"}", "text/plain", HttpStatusCode.BadRequest)]
    [InlineData("{\"type\":\"somethingNew\",\"id\":\"1\"}", "application/json", HttpStatusCode.OK)]
    [InlineData("{\"type\":\"typing\"}", "application/json", HttpStatusCode.OK)]
    public async Task Post_OddBodies_ClearStatus(string body, string contentType, HttpStatusCode expected)
    {
        using var response = await _server.Client.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Post_HugeActivity_413()
    {
        var activity = Activity("message", new string('a', 300_000));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostAsync(activity)).Status);
    }

    [Fact]
    public async Task Message_EmptyText_PolitePrompt()
    {
        var activity = Activity("message", "   ");
        activity["deliveryMode"] = "expectReplies";

        var (_, body) = await PostAsync(activity);

        Assert.Contains("Ask me a question about the article", (string)JsonNode.Parse(body)!["activities"]![0]!["text"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_TeamsChannelThread_MentionStrippedAndFollowUpKeptPerConversation()
    {
        const string thread = "19:abc@thread.tacv2;messageid=1700000000000";
        JsonObject Ask(string text)
        {
            var activity = Activity("message", "<at>ChatBot</at> " + text, channel: "msteams", conversation: thread);
            activity["deliveryMode"] = "expectReplies";
            activity["conversation"]!["conversationType"] = "channel";
            activity["conversation"]!["isGroup"] = true;
            activity["entities"] = new JsonArray(new JsonObject
            {
                ["type"] = "mention",
                ["text"] = "<at>ChatBot</at>",
                ["mentioned"] = new JsonObject { ["id"] = "bot-1", ["name"] = "ChatBot" },
            });
            return activity;
        }

        await PostAsync(Ask("What was the role of the Russian peacekeepers?"));
        var (_, body) = await PostAsync(Ask("When did they start leaving?"));

        Assert.Contains("April 2024", (string)JsonNode.Parse(body)!["activities"]![0]!["text"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_EmptyTextWithAttachment_SaysItReadsText()
    {
        var activity = Activity("message", "");
        activity["deliveryMode"] = "expectReplies";
        activity["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "image/png", ["contentUrl"] = "http://x/y.png" });

        var (_, body) = await PostAsync(activity);

        Assert.Contains("only read text", (string)JsonNode.Parse(body)!["activities"]![0]!["text"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Message_NonLoopbackServiceUrlWithoutAppId_RefusedAndNothingSent()
    {
        var activity = Activity("message", "When was the ceasefire signed?");
        activity["serviceUrl"] = "https://attacker.example.com/";

        var (status, body) = await PostAsync(activity);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("attacker.example.com", body, StringComparison.Ordinal);
        await Task.Delay(200);
        Assert.Equal(0, _channel.Calls);
    }

    [Fact]
    public async Task Post_BearerTokenWithoutAppId_401AndNothingProcessed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(Activity("message", "hi")) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "x.y.z");

        using var response = await _server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Task.Delay(200);
        Assert.Equal(0, _channel.Calls);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(412)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Connector_TransientFailuresThenSuccess_ReplyDeliveredOnce(int status)
    {
        _channel.ThrottleNext(2, status);

        await PostAsync(Activity("message", "When might Armenia amend its constitution?"));
        var received = await _channel.WaitForAsync(2);
        await Task.Delay(200);

        Assert.Equal(2, received.Count);
        Assert.Contains("2027", (string)received.Single(r => (string?)r.Activity["type"] == "message").Activity["text"]!, StringComparison.Ordinal);
        Assert.Equal(4, _channel.Calls);
    }

    [Fact]
    public async Task Message_FloodFromOneConversation_IsToldToSlowDownWhileOthersAreAnswered()
    {
        for (var i = 0; i < 21; i++)
        {
            var flood = Activity("message", "When was the ceasefire signed?", conversation: "flood");
            flood["deliveryMode"] = "expectReplies";
            await PostAsync(flood);
        }

        var last = Activity("message", "When was the ceasefire signed?", conversation: "flood");
        last["deliveryMode"] = "expectReplies";
        var other = Activity("message", "When was the ceasefire signed?", conversation: "calm");
        other["deliveryMode"] = "expectReplies";

        Assert.Contains("faster than I can answer", (await PostAsync(last)).Body, StringComparison.Ordinal);
        Assert.Contains("November 10, 2020", (await PostAsync(other)).Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/", "19:abc@thread.skype;messageid=1", "1:x", "https://smba.trafficmanager.net/amer/v3/conversations/19%3Aabc%40thread.skype%3Bmessageid%3D1/activities/1%3Ax")]
    [InlineData("http://localhost:5000", "c1", null, "http://localhost:5000/v3/conversations/c1/activities")]
    public void ActivitiesUri_KeepsServiceUrlPathAndEscapesIds(string serviceUrl, string conversation, string? replyTo, string expected)
    {
        Assert.Equal(expected, ConnectorClient.ActivitiesUri(serviceUrl, conversation, replyTo).AbsoluteUri);
    }
}
