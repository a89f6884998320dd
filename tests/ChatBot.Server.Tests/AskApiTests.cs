using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using ChatBot.Answering.Conversation;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Server.Tests;

/// <summary>POST /api/ask against the real host on loopback.</summary>
public sealed class AskApiTests(ReadyServerFixture server) : IClassFixture<ReadyServerFixture>
{
    private HttpClient Client => server.Host.Client;

    private static readonly Uri Ask = new("/api/ask", UriKind.Relative);

    private async Task<(HttpStatusCode Status, JsonNode? Body, string? ContentType)> PostAsync(HttpContent content)
    {
        using var response = await Client.PostAsync(Ask, content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Content.Headers.ContentType?.MediaType);
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Ask_Question_AnswersWithCitations()
    {
        var (status, body, _) = await PostAsync(JsonContent.Create(new { question = "When was the ceasefire signed?" }));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body!["grounded"]!.GetValue<bool>());
        Assert.Contains("November 10, 2020", body["answer"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("[1]", body["answer"]!.GetValue<string>(), StringComparison.Ordinal);
        var citation = body["citations"]!.AsArray()[0]!;
        Assert.Equal(1, citation["index"]!.GetValue<int>());
        Assert.True(Guid.TryParse(citation["passageId"]!.GetValue<string>(), out _));
        Assert.False(string.IsNullOrEmpty(citation["title"]!.GetValue<string>()));
        Assert.Contains("November 10, 2020", citation["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.InRange(citation["score"]!.GetValue<double>(), 0, 1);
    }

    [Fact]
    public async Task Ask_OutOfScope_DeclinesWithoutCitations()
    {
        var (status, body, _) = await PostAsync(JsonContent.Create(new { question = "What is the weather in Yerevan today?" }));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body!["grounded"]!.GetValue<bool>());
        Assert.Empty(body["citations"]!.AsArray());
        Assert.False(string.IsNullOrWhiteSpace(body["answer"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Ask_FollowUpWithConversationId_ResolvesAgainstThePreviousQuestion()
    {
        var conversation = Guid.NewGuid().ToString();
        await PostAsync(JsonContent.Create(new { question = "What did Azerbaijan do in September 2023?", conversationId = conversation }));

        var (_, body, _) = await PostAsync(JsonContent.Create(new { question = "How many people left as a result?", conversationId = conversation }));

        Assert.Contains("70,000", body!["answer"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"question\": \"\"}", "empty")]
    [InlineData("{\"question\": \"   \"}", "empty")]
    [InlineData("{\"question\": \"When?\"", "not a valid")]
    [InlineData("not json", "not a valid")]
    [InlineData("{}", "\"question\"")]
    [InlineData("{\"question\": 42}", "not a valid")]
    [InlineData("[\"When was the ceasefire signed?\"]", "not a valid")]
    [InlineData("null", "JSON object")]
    public async Task Ask_BadBody_Is400ProblemSayingWhy(string json, string reason)
    {
        var (status, body, contentType) = await PostAsync(Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(400, body!["status"]!.GetValue<int>());
        Assert.Contains(reason, body["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_QuestionOverTheLimit_Is400SayingTheLimit()
    {
        var (status, body, _) = await PostAsync(JsonContent.Create(new { question = new string('a', 1001) }));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("1000", body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_WrongContentType_Is400SayingWhichToSend()
    {
        var (status, body, _) = await PostAsync(new StringContent("{\"question\":\"When?\"}", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("application/json", body!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_ConversationIdTooLong_Is400()
    {
        var (status, _, _) = await PostAsync(JsonContent.Create(new { question = "Why?", conversationId = new string('c', 300) }));

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Ask_HugeBody_Is413()
    {
        var (status, body, _) = await PostAsync(Json("{\"question\": \"" + new string('a', 200_000) + "\"}"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal(413, body!["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task Ask_WithGet_Is405()
    {
        using var response = await Client.GetAsync(Ask);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Ask_ManyAtOnce_AllAnswered()
    {
        var tasks = Enumerable.Range(0, 16).Select(_ => PostAsync(JsonContent.Create(new { question = "When did Russian peacekeepers start withdrawing?" })));

        var results = await Task.WhenAll(tasks);

        Assert.All(results, r => Assert.Contains("April 2024", r.Body!["answer"]!.GetValue<string>(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_AliveAndReady()
    {
        using var alive = await Client.GetAsync(new Uri("/healthz", UriKind.Relative));
        var ready = await Client.GetFromJsonAsync<JsonNode>(new Uri("/readyz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.True(ready!["modelLoaded"]!.GetValue<bool>());
        Assert.True(ready["indexReady"]!.GetValue<bool>());
        Assert.Equal(8, ready["passages"]!.GetValue<long>());
        Assert.Equal("Healthy", (string?)ready["checks"]!["knowledge"]);
    }

    [Theory]
    [InlineData("msteams:{0}")]
    [InlineData("messages|msteams|{0}")]
    [InlineData("directline|{0}")]
    public async Task Ask_ConversationIdNamingAChannelConversation_NeverReadsOrWritesThatConversation(string forged)
    {
        var id = Guid.NewGuid().ToString("N");
        var teams = new JsonObject
        {
            ["type"] = "message",
            ["id"] = "m-1",
            ["channelId"] = "msteams",
            ["deliveryMode"] = "expectReplies",
            ["serviceUrl"] = "http://127.0.0.1:9/",
            ["from"] = new JsonObject { ["id"] = "user" },
            ["recipient"] = new JsonObject { ["id"] = "bot" },
            ["conversation"] = new JsonObject { ["id"] = id },
            ["text"] = "What did Azerbaijan do in September 2023?",
        };
        using (var reply = await Client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), teams))
        {
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        }

        var (status, _, _) = await PostAsync(JsonContent.Create(new { question = "How many people left as a result?", conversationId = string.Format(System.Globalization.CultureInfo.InvariantCulture, forged, id) }));

        Assert.Equal(HttpStatusCode.OK, status);
        var memory = server.Host.Services.GetRequiredService<ConversationStore>();
        var teamsTurn = Assert.Single(memory.History(ConversationKeys.Channel("msteams", id)));
        Assert.Equal("What did Azerbaijan do in September 2023?", teamsTurn.Question);
        Assert.Empty(memory.History(ConversationKeys.BuiltInDirectLine(id)));
    }
}
