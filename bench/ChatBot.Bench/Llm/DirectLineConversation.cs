using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;

namespace ChatBot.Bench.Llm;

/// <summary>Web Chat's side of one conversation on the built-in Direct Line: a token, the conversation, its WebSocket.</summary>
internal sealed class DirectLineConversation : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly string _token;
    private readonly string _id;
    private readonly ClientWebSocket _socket;
    private readonly byte[] _buffer = new byte[256 * 1024];

    /// <summary>Longest wait for one answer: far beyond any answer's time, short of a run that seems to hang.</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(60);

    private DirectLineConversation(HttpClient client, string token, string id, ClientWebSocket socket)
    {
        _client = client;
        _token = token;
        _id = id;
        _socket = socket;
    }

    public static async Task<DirectLineConversation> StartAsync(HttpClient client)
    {
        using var issued = await client.PostAsync(new Uri("/api/directline/token", UriKind.Relative), null);
        var token = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        using var start = Authorized(HttpMethod.Post, "/v3/directline/conversations", token);
        using var started = await client.SendAsync(start);
        var conversation = await started.Content.ReadFromJsonAsync<JsonElement>();
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(conversation.GetProperty("streamUrl").GetString()!), CancellationToken.None);
        return new DirectLineConversation(client, token, conversation.GetProperty("conversationId").GetString()!, socket);
    }

    /// <returns>When the answer's first text arrived (<see cref="Stopwatch.GetTimestamp"/>): its first streamed chunk, or
    /// the final message when nothing was streamed; and whether the final message is the model's.</returns>
    public async Task<(long FirstChunk, bool AiGenerated)> AskAsync(string question)
    {
        using var post = Authorized(HttpMethod.Post, $"/v3/directline/conversations/{_id}/activities");
        post.Content = JsonContent.Create(new { type = "message", from = new { id = "bench" }, text = question });
        using var posted = await _client.SendAsync(post);
        posted.EnsureSuccessStatusCode();
        var activityId = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        long firstChunk = 0;
        var asked = Stopwatch.StartNew();
        while (true)
        {
            // Keep-alives arrive every 15 s whether or not the answer does, so the wait for the answer has its own limit.
            if (asked.Elapsed > AnswerTimeout)
            {
                throw new TimeoutException($"No answer to {activityId} arrived on the Direct Line WebSocket within {AnswerTimeout.TotalSeconds:0} s (keep-alives only).");
            }

            using var frame = await ReceiveAsync();
            if (frame is null)
            {
                continue;
            }

            foreach (var activity in frame.RootElement.GetProperty("activities").EnumerateArray())
            {
                var type = activity.GetProperty("type").GetString();
                if (type == "typing" && firstChunk == 0 && StreamType(activity) == "streaming")
                {
                    firstChunk = Stopwatch.GetTimestamp();
                }
                else if (type == "message" && activity.TryGetProperty("replyToId", out var replyTo) && replyTo.GetString() == activityId)
                {
                    var keywords = activity.TryGetProperty("entities", out var entities)
                        && entities.EnumerateArray().Any(e => e.TryGetProperty("keywords", out var k) && k.EnumerateArray().Any(w => w.GetString() == "AIGeneratedContent"));
                    // A model quicker than the channel's first send leaves nothing to stream: the final message is the first text.
                    return (firstChunk == 0 ? Stopwatch.GetTimestamp() : firstChunk, keywords);
                }
            }
        }
    }

    private static string? StreamType(JsonElement activity) =>
        activity.TryGetProperty("channelData", out var data) && data.TryGetProperty("streamType", out var type) ? type.GetString() : null;

    /// <summary>One frame, or null for an empty one (Direct Line's keep-alive).</summary>
    private async Task<JsonDocument?> ReceiveAsync()
    {
        var length = 0;
        while (true)
        {
            // A reply that never comes fails the run with a reason instead of hanging it.
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            ValueWebSocketReceiveResult result;
            try
            {
                result = await _socket.ReceiveAsync(_buffer.AsMemory(length), wait.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("No Direct Line activity arrived on the WebSocket within 30 s.");
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return length == 0 ? null : JsonDocument.Parse(_buffer.AsMemory(0, length));
            }
        }
    }

    private HttpRequestMessage Authorized(HttpMethod method, string path) => Authorized(method, path, _token);

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        _socket.Dispose();
    }
}
