using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace ChatBot.Bench;

/// <summary>The state of one soak run: what was sent, what came back, and what went wrong, by kind.</summary>
internal sealed class SoakRun(HttpClient client, SoakChannel channel, DateTime deadline)
{
    private readonly ConcurrentDictionary<string, (string Path, DateTime Sent)> _expected = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTime> _directLineReplies = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<double> _askLatency = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public string Elapsed => _clock.Elapsed.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    private bool Running => DateTime.UtcNow < deadline;

    public async Task MessagesConversationAsync(string conversation, TimeSpan every, bool counted)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next((int)every.TotalMilliseconds)));
        while (Running)
        {
            var id = "m-" + Guid.NewGuid().ToString("N")[..12];
            var activity = new JsonObject
            {
                ["type"] = "message", ["id"] = id, ["channelId"] = "emulator", ["serviceUrl"] = channel.ServiceUrl,
                ["from"] = new JsonObject { ["id"] = "user" }, ["recipient"] = new JsonObject { ["id"] = "bot" },
                ["conversation"] = new JsonObject { ["id"] = conversation }, ["text"] = Question(),
            };
            var sent = DateTime.UtcNow;
            var status = await SendAsync(() => client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), activity));
            if (status == HttpStatusCode.OK && counted)
            {
                _expected[id] = ("/api/messages", sent);
            }
            else if (status != HttpStatusCode.OK)
            {
                Count($"/api/messages {(int)status}{(counted ? string.Empty : " (faulty channel)")}");
            }

            await Task.Delay(every);
        }
    }

    public async Task DirectLineVisitorAsync(bool webSocket)
    {
        var path = webSocket ? "Direct Line, WebSocket" : "Direct Line, polling";
        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5000)));
        var (conversation, token, streamUrl) = await StartDirectLineAsync();
        using var socket = new ClientWebSocket();
        using var stop = new CancellationTokenSource();
        Task reader;
        if (webSocket)
        {
            await socket.ConnectAsync(new Uri(streamUrl), CancellationToken.None);
            reader = ReadSocketAsync(socket, stop.Token);
        }
        else
        {
            reader = PollAsync(conversation, token, stop.Token);
        }

        while (Running)
        {
            var sent = DateTime.UtcNow;
            using var request = Authorized(HttpMethod.Post, $"/v3/directline/conversations/{conversation}/activities", token);
            request.Content = JsonContent.Create(new { type = "message", from = new { id = "visitor" }, text = Question() });
            using var response = await client.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var id = (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!;
                _expected[id] = (path, sent);
            }
            else
            {
                Count($"{path} {(int)response.StatusCode}");
            }

            await Task.Delay(TimeSpan.FromSeconds(5));
        }

        await Task.Delay(TimeSpan.FromSeconds(20));
        await stop.CancelAsync();
        await reader.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public async Task AskLoopAsync()
    {
        while (Running)
        {
            var clock = Stopwatch.StartNew();
            var status = await SendAsync(() => client.PostAsJsonAsync(new Uri("/api/ask", UriKind.Relative), new { question = Question() }));
            if (status == HttpStatusCode.OK)
            {
                _askLatency.Add(clock.Elapsed.TotalMilliseconds);
            }
            else
            {
                Count($"/api/ask {(int)status}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>One visitor, three conversations, posting as fast as it can: 175 KB events and 30 KB messages.</summary>
    public async Task FloodAsync(TimeSpan length)
    {
        var until = DateTime.UtcNow + length;
        var big = "{\"type\":\"event\",\"entities\":[" + string.Join(",", Enumerable.Repeat("{}", 60_000)) + "]}";
        var message = new JsonObject { ["type"] = "message", ["text"] = new string('x', 30_000) }.ToJsonString();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            var (conversation, token, _) = await StartDirectLineAsync();
            for (var i = 0; DateTime.UtcNow < until; i++)
            {
                using var request = Authorized(HttpMethod.Post, $"/v3/directline/conversations/{conversation}/activities", token);
                request.Content = new StringContent(i % 2 == 0 ? big : message, Encoding.UTF8, "application/json");
                var status = await SendAsync(() => client.SendAsync(request));
                Count($"flood {(int)status}");
            }
        }));
    }

    public async Task WaitForOutstandingAsync(TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (Missing().Any() && DateTime.UtcNow < until)
        {
            await Task.Delay(200);
        }
    }

    /// <summary>Prints the results; returns how many healthy replies never arrived.</summary>
    public int Report()
    {
        var missing = Missing().ToList();
        foreach (var group in _expected.GroupBy(e => e.Value.Path).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var latencies = group.Select(e => Delivered(e.Key) is { } at ? (at - e.Value.Sent).TotalMilliseconds : (double?)null).OfType<double>();
            Console.WriteLine($"{group.Key + ", healthy",-34}expected {group.Count(),5}, delivered {group.Count() - missing.Count(m => m.Value.Path == group.Key),5}   reply {Stats.Of(latencies)}");
        }

        Console.WriteLine($"{"/api/ask",-34}answered {_askLatency.Count,5}                    {Stats.Of(_askLatency)}");
        Console.WriteLine("errors by kind:");
        foreach (var (kind, count) in _errors.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"  {kind,-44}{count,7}");
        }

        return missing.Count;
    }

    private IEnumerable<KeyValuePair<string, (string Path, DateTime Sent)>> Missing() => _expected.Where(e => Delivered(e.Key) is null);

    private DateTime? Delivered(string id) =>
        channel.Replies.TryGetValue(id, out var at) || _directLineReplies.TryGetValue(id, out at) ? at : null;

    private async Task<(string Conversation, string Token, string StreamUrl)> StartDirectLineAsync()
    {
        using var issued = await client.PostAsync(new Uri("/api/directline/token", UriKind.Relative), null);
        var token = (string)(await issued.Content.ReadFromJsonAsync<JsonObject>())!["token"]!;
        using var start = Authorized(HttpMethod.Post, "/v3/directline/conversations", token);
        using var started = await client.SendAsync(start);
        var body = (await started.Content.ReadFromJsonAsync<JsonObject>())!;
        return ((string)body["conversationId"]!, (string)body["token"]!, (string)body["streamUrl"]!);
    }

    private async Task ReadSocketAsync(ClientWebSocket socket, CancellationToken stop)
    {
        var buffer = new byte[64 * 1024];
        using var frame = new MemoryStream();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, stop);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    Count($"Direct Line, WebSocket closed by the server: {result.CloseStatusDescription}");
                    return;
                }

                frame.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    if (frame.Length > 0)
                    {
                        Record(JsonNode.Parse(frame.ToArray())!["activities"]!.AsArray());
                    }

                    frame.SetLength(0);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task PollAsync(string conversation, string token, CancellationToken stop)
    {
        var watermark = "0";
        try
        {
            while (!stop.IsCancellationRequested)
            {
                using var request = Authorized(HttpMethod.Get, $"/v3/directline/conversations/{conversation}/activities?watermark={watermark}", token);
                using var response = await client.SendAsync(request, stop);
                var set = (await response.Content.ReadFromJsonAsync<JsonObject>(stop))!;
                Record(set["activities"]!.AsArray());
                watermark = set["watermark"]?.ToString() ?? watermark;
                await Task.Delay(1000, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Record(JsonArray activities)
    {
        foreach (var activity in activities)
        {
            if ((string?)activity!["type"] == "message" && (string?)activity["replyToId"] is { } replyTo)
            {
                _directLineReplies.TryAdd(replyTo, DateTime.UtcNow);
            }
        }
    }

    private async Task<HttpStatusCode> SendAsync(Func<Task<HttpResponseMessage>> send)
    {
        try
        {
            using var response = await send();
            await response.Content.ReadAsByteArrayAsync();
            return response.StatusCode;
        }
        catch (HttpRequestException ex)
        {
            // A server refusing an oversized body may close the connection before the client has sent it all.
            Count($"connection closed by the server ({ex.HttpRequestError})");
            return 0;
        }
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    private void Count(string kind) => _errors.AddOrUpdate(kind, 1, (_, n) => n + 1);

    private static string Question() => Soak.SampleQuestions[Random.Shared.Next(Soak.SampleQuestions.Length)];
}
