using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace ChatBot.Server.Tests.BotFramework;

/// <summary>One web visitor of the built-in Direct Line, as the page's widget talks to it: a token from
/// <c>/api/directline/token</c>, a started conversation, posts and polls.</summary>
internal sealed class DirectLineVisitor
{
    private readonly HttpClient _client;

    private DirectLineVisitor(HttpClient client, JsonObject issued, JsonObject started)
    {
        _client = client;
        Issued = issued;
        ConversationId = (string)started["conversationId"]!;
        Token = (string)started["token"]!;
        StreamUrl = (string)started["streamUrl"]!;
    }

    /// <summary>What the token endpoint answered.</summary>
    public JsonObject Issued { get; }

    public string ConversationId { get; }

    public string Token { get; }

    public string StreamUrl { get; }

    public static async Task<DirectLineVisitor> StartAsync(HttpClient client)
    {
        using var tokenResponse = await client.PostAsync(new Uri("/api/directline/token", UriKind.Relative), null);
        tokenResponse.EnsureSuccessStatusCode();
        var issued = (await tokenResponse.Content.ReadFromJsonAsync<JsonObject>())!;
        using var start = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
        start.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (string)issued["token"]!);
        using var response = await client.SendAsync(start);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return new DirectLineVisitor(client, issued, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    /// <summary>The same visitor reaching the bot through <paramref name="other"/> (another instance, say).</summary>
    public DirectLineVisitor Through(HttpClient other) =>
        new(other, Issued, new JsonObject { ["conversationId"] = ConversationId, ["token"] = Token, ["streamUrl"] = StreamUrl });

    /// <summary>Posts <paramref name="json"/> as is, with <paramref name="contentType"/>.</summary>
    public async Task<(HttpStatusCode Status, string Body)> PostRawAsync(string json, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{ConversationId}/activities")
        {
            Content = new StringContent(json, Encoding.UTF8, contentType),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await _client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task<(HttpStatusCode Status, string Body)> SayAsync(string text) =>
        PostRawAsync(new JsonObject { ["type"] = "message", ["from"] = new JsonObject { ["id"] = "visitor" }, ["text"] = text }.ToJsonString());

    /// <summary>The activity set after <paramref name="watermark"/>.</summary>
    public async Task<JsonObject> ActivitiesAsync(int watermark = 0)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{ConversationId}/activities?watermark={watermark}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await _client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Polls until a bot message containing <paramref name="text"/> arrives; fails after 30 seconds.</summary>
    public async Task<JsonObject> WaitForBotMessageAsync(string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var activities = (await ActivitiesAsync())["activities"]!.AsArray();
            if (activities.FirstOrDefault(a => (string?)a!["from"]!["role"] == "bot" && ((string?)a["text"])?.Contains(text, StringComparison.Ordinal) == true) is JsonObject found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no bot message containing '{text}' in {ConversationId}");
            await Task.Delay(50);
        }
    }

    /// <summary>One whole text frame of a Direct Line WebSocket (empty for a keep-alive).</summary>
    public static async Task<string> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, cancellationToken);
            message.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return Encoding.UTF8.GetString(message.ToArray());
    }
}
