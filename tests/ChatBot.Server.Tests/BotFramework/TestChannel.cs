using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ChatBot.Server.Tests.BotFramework;

/// <summary>
/// Plays a channel's Connector service on loopback: receives the bot's replies at
/// <c>{serviceUrl}/v3/conversations/{id}/activities[/{replyToId}]</c> and can answer the first calls with 429. A
/// conversation id's prefix picks a faulty channel: <c>hang-</c> accepts the request and never answers, <c>fail-</c>
/// answers 500, <c>throttle-</c> answers 429 with Retry-After: 1, <c>redirect-</c> answers 307 to another path.
/// </summary>
public sealed class TestChannel : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _throttleRemaining;
    private int _throttleStatus = StatusCodes.Status429TooManyRequests;

    private TestChannel(WebApplication app) => _app = app;

    /// <summary>Each received reply with the request target it was posted to; a reply sent without an id carries the
    /// one the channel gave it, as a channel's own record of it would.</summary>
    public ConcurrentQueue<(string Path, JsonObject Activity)> Received { get; } = new();

    /// <summary>The Authorization header of each received reply ("" when none).</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    private int _calls;

    /// <summary>Every call received, throttled ones included.</summary>
    public int Calls => _calls;

    private int _hanging;
    private int _redirectFollowed;

    /// <summary>Requests of <c>hang-</c> conversations held open right now.</summary>
    public int Hanging => Volatile.Read(ref _hanging);

    /// <summary>Requests that arrived at the target of a redirect (a bot must never follow one).</summary>
    public int RedirectFollowed => Volatile.Read(ref _redirectFollowed);

    /// <summary>Calls per faulty conversation prefix (hang-, fail-, throttle-, redirect-).</summary>
    public ConcurrentDictionary<string, int> FaultCalls { get; } = new(StringComparer.Ordinal);

    /// <summary>The serviceUrl to put on activities; it has a path, as Teams' does.</summary>
    public string ServiceUrl => _app.Urls.First() + "/amer/";

    /// <summary>Answers the next <paramref name="calls"/> calls with <paramref name="status"/> (Retry-After: 0).</summary>
    public void ThrottleNext(int calls, int status = StatusCodes.Status429TooManyRequests)
    {
        _throttleStatus = status;
        _throttleRemaining = calls;
    }

    /// <summary>An Emulator message whose replies come to this channel.</summary>
    public JsonObject Message(string text, string conversationId, string id = "m1") => new()
    {
        ["type"] = "message",
        ["id"] = id,
        ["channelId"] = "emulator",
        ["serviceUrl"] = ServiceUrl,
        ["from"] = new JsonObject { ["id"] = "user" },
        ["recipient"] = new JsonObject { ["id"] = "bot" },
        ["conversation"] = new JsonObject { ["id"] = conversationId },
        ["text"] = text,
    };

    public static async Task<TestChannel> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var channel = new TestChannel(app);
        app.MapPost("/elsewhere/{**rest}", () =>
        {
            Interlocked.Increment(ref channel._redirectFollowed);
            return Results.Ok(new { id = "followed" });
        });
        app.MapPost("/amer/v3/conversations/{conversationId}/activities/{**rest}", async (string conversationId, HttpContext context) =>
        {
            Interlocked.Increment(ref channel._calls);
            if (Fault(conversationId) is { } fault)
            {
                channel.FaultCalls.AddOrUpdate(fault, 1, (_, n) => n + 1);
                switch (fault)
                {
                    case "hang-":
                        Interlocked.Increment(ref channel._hanging);
                        try
                        {
                            await Task.Delay(Timeout.Infinite, context.RequestAborted);
                        }
                        catch (OperationCanceledException)
                        {
                        }
                        finally
                        {
                            Interlocked.Decrement(ref channel._hanging);
                        }

                        return Results.Empty;
                    case "fail-":
                        return Results.StatusCode(StatusCodes.Status500InternalServerError);
                    case "throttle-":
                        context.Response.Headers.RetryAfter = "1";
                        return Results.StatusCode(StatusCodes.Status429TooManyRequests);
                    default:
                        return Results.Redirect("/elsewhere/" + conversationId, permanent: false, preserveMethod: true);
                }
            }

            if (Interlocked.Decrement(ref channel._throttleRemaining) >= 0)
            {
                context.Response.Headers.RetryAfter = "0";
                return Results.StatusCode(channel._throttleStatus);
            }

            var activity = await context.Request.ReadFromJsonAsync<JsonObject>();
            channel.Authorizations.Enqueue(context.Request.Headers.Authorization.ToString());
            // The raw target, as sent on the wire, so tests see how ids were escaped.
            var given = Guid.NewGuid().ToString();
            activity!["id"] ??= given;
            channel.Received.Enqueue((context.Features.Get<IHttpRequestFeature>()!.RawTarget, activity));
            return Results.Ok(new { id = given });
        });
        await app.StartAsync();
        return channel;
    }

    private static string? Fault(string conversationId) =>
        new[] { "hang-", "fail-", "throttle-", "redirect-" }.FirstOrDefault(p => conversationId.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Waits until <paramref name="count"/> replies have arrived, or fails after a few seconds.</summary>
    public async Task<List<(string Path, JsonObject Activity)>> WaitForAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Received.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(Received.Count >= count, $"expected {count} replies, got {Received.Count}");
        return [.. Received];
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
