using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChatBot.Bench;

/// <summary>
/// A channel's Connector service on loopback for the soak (a stand-in for Teams' and the Emulator's): healthy
/// conversations have their replies recorded by <c>replyToId</c>; a conversation id's prefix makes its channel faulty:
/// <c>hang-</c> never answers, <c>throttle-</c> answers 429 with Retry-After, <c>fail-</c> answers 500.
/// </summary>
internal sealed class SoakChannel : IAsyncDisposable
{
    /// <summary>The conversation-id prefixes of faulty channels.</summary>
    public static readonly string[] Faults = ["hang-", "throttle-", "fail-"];

    private readonly WebApplication _app;

    private SoakChannel(WebApplication app) => _app = app;

    public string ServiceUrl => _app.Urls.First() + "/";

    /// <summary>When each reply arrived, by the id of the message it answers.</summary>
    public ConcurrentDictionary<string, DateTime> Replies { get; } = new(StringComparer.Ordinal);

    /// <summary>Calls to faulty conversations, by fault.</summary>
    public ConcurrentDictionary<string, int> FaultCalls { get; } = new(StringComparer.Ordinal);

    public static async Task<SoakChannel> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var channel = new SoakChannel(app);
        app.MapPost("/v3/conversations/{conversationId}/activities/{**rest}", async (string conversationId, HttpContext context) =>
        {
            var fault = Faults.FirstOrDefault(p => conversationId.StartsWith(p, StringComparison.Ordinal));
            if (fault is not null)
            {
                channel.FaultCalls.AddOrUpdate(fault, 1, (_, n) => n + 1);
                if (fault == "hang-")
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    return Results.Empty;
                }

                context.Response.Headers.RetryAfter = "1";
                return Results.StatusCode(fault == "throttle-" ? StatusCodes.Status429TooManyRequests : StatusCodes.Status500InternalServerError);
            }

            var activity = await context.Request.ReadFromJsonAsync<JsonObject>();
            if ((string?)activity?["type"] == "message" && (string?)activity["replyToId"] is { } replyTo)
            {
                channel.Replies.TryAdd(replyTo, DateTime.UtcNow);
            }

            return Results.Ok(new { id = Guid.NewGuid().ToString("N") });
        });
        await app.StartAsync();
        return channel;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
