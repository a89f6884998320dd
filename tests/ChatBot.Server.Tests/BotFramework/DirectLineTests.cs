using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using ChatBot.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Server.Tests.BotFramework;

/// <summary>The built-in Direct Line 3.0 endpoint at the HTTP and WebSocket level, against the real host on loopback.</summary>
public sealed class DirectLineTests : IAsyncLifetime, IDisposable
{
    private readonly TempFolder _data = new();
    private ServerHost _server = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerHost.StartAsync(_data.File("index.snapshot"), "BotFramework:TypingDelay=00:00:00", "DirectLine:TokenLifetime=00:00:03");
        Assert.True((await _server.WaitUntilReadyAsync()).Ready);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => _data.Dispose();

    private async Task<(string ConversationId, string Token, string StreamUrl)> StartAsync()
    {
        var issued = await (await _server.Client.PostAsync(new Uri("/api/directline/token", UriKind.Relative), null)).Content.ReadFromJsonAsync<JsonObject>();
        using var start = Request(HttpMethod.Post, "/v3/directline/conversations", (string)issued!["token"]!);
        using var response = await _server.Client.SendAsync(start);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal((string?)issued["conversationId"], (string?)body["conversationId"]);
        return ((string)body["conversationId"]!, (string)body["token"]!, (string)body["streamUrl"]!);
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, string? token, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }

    private async Task<JsonObject> PollAsync(string conversationId, string token, int watermark, Func<JsonArray, bool> until)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var request = Request(HttpMethod.Get, $"/v3/directline/conversations/{conversationId}/activities?watermark={watermark}", token);
            using var response = await _server.Client.SendAsync(request);
            var set = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            if (until(set["activities"]!.AsArray()) || DateTime.UtcNow > deadline)
            {
                return set;
            }

            await Task.Delay(50);
        }
    }

    private async Task<HttpStatusCode> SendAsync(string conversationId, string token, string text)
    {
        using var request = Request(HttpMethod.Post, $"/v3/directline/conversations/{conversationId}/activities", token,
            new { type = "message", from = new { id = "someone-else" }, text });
        using var response = await _server.Client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Conversation_WelcomeThenQuestionAndAnswerWithWatermarkPaging()
    {
        var (id, token, _) = await StartAsync();

        var welcome = await PollAsync(id, token, 0, a => a.Count >= 1);
        Assert.Equal(3, welcome["activities"]![0]!["suggestedActions"]!["actions"]!.AsArray().Count);
        var afterWelcome = int.Parse((string)welcome["watermark"]!, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(HttpStatusCode.OK, await SendAsync(id, token, "When was the ceasefire signed?"));
        var set = await PollAsync(id, token, afterWelcome, a => a.Count >= 2);

        var activities = set["activities"]!.AsArray();
        Assert.Equal("When was the ceasefire signed?", (string?)activities[0]!["text"]);
        Assert.Equal("directline", (string?)activities[0]!["channelId"]);
        Assert.StartsWith("dl_", (string?)activities[0]!["from"]!["id"], StringComparison.Ordinal);
        Assert.Contains("November 10, 2020", (string?)activities[1]!["text"], StringComparison.Ordinal);
        Assert.Single(activities[1]!["entities"]!.AsArray());
        Assert.DoesNotContain(activities, a => (string?)a!["type"] == "typing");
        Assert.Equal(afterWelcome + 2, int.Parse((string)set["watermark"]!, System.Globalization.CultureInfo.InvariantCulture));

        var nothingNew = await PollAsync(id, token, afterWelcome + 2, _ => true);
        Assert.Empty(nothingNew["activities"]!.AsArray());
    }

    [Fact]
    public async Task Tokens_RequiredScopedAndExpiring()
    {
        var (id, token, _) = await StartAsync();
        var (_, otherToken, _) = await StartAsync();

        using var none = await _server.Client.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{id}/activities", null));
        using var other = await _server.Client.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{id}/activities", otherToken));
        using var forged = await _server.Client.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{id}/activities", token[..^2] + "xx"));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);

        await Task.Delay(TimeSpan.FromSeconds(3.5));
        using var expired = await _server.Client.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{id}/activities", token));
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
    }

    [Fact]
    public async Task Refresh_GivesANewWorkingTokenForTheSameConversation()
    {
        var (id, token, _) = await StartAsync();

        using var response = await _server.Client.SendAsync(Request(HttpMethod.Post, "/v3/directline/tokens/refresh", token));
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(id, (string?)body["conversationId"]);
        Assert.Equal(HttpStatusCode.OK, await SendAsync(id, (string)body["token"]!, "Hello"));
    }

    [Fact]
    public async Task Gauges_CountConversationsAndOpenSockets()
    {
        var (_, _, streamUrl) = await StartAsync();
        await StartAsync();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(streamUrl), CancellationToken.None);

        var open = Gauges();
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        var closed = await Eventually.FindAsync(() => Gauges() is var g && g["chatbot.directline.sockets"] == 0 ? g : null, "no socket counted once closed");

        Assert.True(open["chatbot.directline.conversations"] >= 2, $"{open["chatbot.directline.conversations"]} conversations");
        Assert.Equal(1, open["chatbot.directline.sockets"]);
        Assert.Equal(0, closed["chatbot.directline.sockets"]);
    }

    /// <summary>This host's Direct Line gauges now (meters of its own factory: other tests' hosts have theirs).</summary>
    private Dictionary<string, int> Gauges()
    {
        var factory = _server.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == factory && instrument.Name.StartsWith("chatbot.directline.", StringComparison.Ordinal))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => values[instrument.Name] = value);
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }

    [Fact]
    public async Task WebSocket_DeliversTypingAndTheAnswerAndRefusesASecondSocket()
    {
        var (id, token, streamUrl) = await StartAsync();
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(streamUrl + "&watermark=0"), CancellationToken.None);

        using var second = new ClientWebSocket();
        await Assert.ThrowsAsync<WebSocketException>(() => second.ConnectAsync(new Uri(streamUrl), CancellationToken.None));

        await SendAsync(id, token, "When did Russian peacekeepers start withdrawing?");
        var types = new List<string>();
        string? answer = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (answer is null)
        {
            var frame = await DirectLineVisitor.ReceiveAsync(socket, timeout.Token);
            if (frame.Length == 0)
            {
                continue;
            }

            foreach (var activity in JsonNode.Parse(frame)!["activities"]!.AsArray())
            {
                types.Add((string)activity!["type"]!);
                if ((string?)activity["type"] == "message" && ((string?)activity["text"])?.Contains("April 2024", StringComparison.Ordinal) == true)
                {
                    answer = (string)activity["text"]!;
                }
            }
        }

        Assert.Contains("typing", types);
        Assert.True(types.IndexOf("typing") < types.LastIndexOf("message"));

        // The client closes; the server completes the handshake instead of dropping the connection.
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        Assert.Equal(WebSocketState.Closed, socket.State);
    }

    [Fact]
    public async Task Reconnect_ReturnsAFreshStreamUrl()
    {
        var (id, token, streamUrl) = await StartAsync();

        using var response = await _server.Client.SendAsync(Request(HttpMethod.Get, $"/v3/directline/conversations/{id}?watermark=0", token));
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"/v3/directline/conversations/{id}/stream?t=", (string?)body["streamUrl"], StringComparison.Ordinal);
        Assert.NotEqual(streamUrl, (string?)body["streamUrl"]);
    }

    [Fact]
    public async Task Post_BadActivity_400()
    {
        var (id, token, _) = await StartAsync();
        using var request = Request(HttpMethod.Post, $"/v3/directline/conversations/{id}/activities", token);
        request.Content = new StringContent("{\"text\":\"no type\"}", Encoding.UTF8, "application/json");

        using var response = await _server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
