using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChatBot.Server.Tests.Llm;

/// <summary>
/// A wire-level stand-in for the language model servers (no model can run here), on loopback: OpenAI's
/// <c>POST /v1/chat/completions</c>, Azure OpenAI's <c>POST /openai/deployments/{deployment}/chat/completions?api-version=…</c>
/// (key in the <c>api-key</c> header) and Ollama's <c>POST /api/chat</c>, each answering in its own JSON shape, and
/// streaming when asked to (OpenAI's Server-Sent Events of chunks ending in <c>[DONE]</c>, Ollama's JSON lines). What it
/// answers is scripted per test: <see cref="Script"/> gets the request's last user message (the passages and the
/// question) and returns the reply.
/// </summary>
public sealed class LlmStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LlmStandIn(WebApplication app) => _app = app;

    public Uri BaseAddress => new(_app.Urls.First());

    /// <summary>Each request received: its path and query, its headers, and its JSON body.</summary>
    public ConcurrentQueue<(string Target, IHeaderDictionary Headers, JsonNode Body)> Requests { get; } = new();

    /// <summary>The reply to a request (given its last user message and how many requests came before it).</summary>
    public Func<string, int, Scripted> Script { get; set; } = (_, _) => new Scripted("");

    /// <summary>When set, replies are composed by this instead of <see cref="Script"/> (a model that needs to await).</summary>
    public Func<string, CancellationToken, Task<Scripted>>? Composer { get; set; }

    public static async Task<LlmStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new LlmStandIn(app);
        app.MapPost("/v1/chat/completions", context => standIn.AnswerAsync(context, Shape.OpenAI));
        app.MapPost("/openai/deployments/{deployment}/chat/completions", context => standIn.AnswerAsync(context, Shape.OpenAI));
        app.MapPost("/api/chat", context => standIn.AnswerAsync(context, Shape.Ollama));
        await app.StartAsync();
        return standIn;
    }

    private async Task AnswerAsync(HttpContext context, Shape shape)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body))!;
        var count = Requests.Count;
        // A copy: the server reuses the request's header collection once the request ends.
        Requests.Enqueue((context.Request.Path + context.Request.QueryString, new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value)), body));
        var prompt = body["messages"]!.AsArray().Last(m => (string?)m!["role"] == "user")!["content"]!.ToString();
        var scripted = Composer is { } compose ? await compose(prompt, context.RequestAborted) : Script(prompt, count);
        if (scripted.Delay > TimeSpan.Zero)
        {
            await Task.Delay(scripted.Delay, context.RequestAborted);
        }

        if (scripted.Status != StatusCodes.Status200OK)
        {
            context.Response.StatusCode = scripted.Status;
            if (scripted.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await context.Response.WriteAsJsonAsync(new { error = new { message = "scripted failure", type = "server_error" } });
            return;
        }

        var model = (string?)body["model"] ?? "stand-in";
        if (body["stream"]?.GetValue<bool>() == true)
        {
            await StreamAsync(context, shape, model, scripted.Content, scripted.PieceDelay);
            return;
        }

        object reply = shape == Shape.Ollama
            ? new { model, created_at = DateTime.UtcNow.ToString("O"), message = new { role = "assistant", content = scripted.Content }, done = true, done_reason = "stop", prompt_eval_count = 120, eval_count = 30 }
            : new
            {
                id = "chatcmpl-standin",
                @object = "chat.completion",
                created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = scripted.Content }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 120, completion_tokens = 30, total_tokens = 150 },
            };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(reply));
    }

    /// <summary>The reply in pieces of a few words, as a model streams it.</summary>
    private static async Task StreamAsync(HttpContext context, Shape shape, string model, string content, TimeSpan pieceDelay)
    {
        var pieces = System.Text.RegularExpressions.Regex.Split(content, @"(?<=\s)").Where(p => p.Length > 0).Chunk(3).Select(p => string.Concat(p)).ToList();
        context.Response.ContentType = shape == Shape.Ollama ? "application/x-ndjson" : "text/event-stream";
        foreach (var (piece, index) in pieces.Select((p, i) => (p, i)))
        {
            if (index > 0 && pieceDelay > TimeSpan.Zero)
            {
                await Task.Delay(pieceDelay, context.RequestAborted);
            }

            var chunk = shape == Shape.Ollama
                ? JsonSerializer.Serialize(new { model, created_at = DateTime.UtcNow.ToString("O"), message = new { role = "assistant", content = piece }, done = false }) + "\n"
                : "data: " + JsonSerializer.Serialize(new
                {
                    id = "chatcmpl-standin",
                    @object = "chat.completion.chunk",
                    created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                    model,
                    choices = new[] { new { index = 0, delta = new { role = "assistant", content = piece }, finish_reason = (string?)null } },
                }) + "\n\n";
            await context.Response.WriteAsync(chunk);
            await context.Response.Body.FlushAsync();
        }

        await context.Response.WriteAsync(shape == Shape.Ollama
            ? JsonSerializer.Serialize(new { model, created_at = DateTime.UtcNow.ToString("O"), message = new { role = "assistant", content = "" }, done = true, done_reason = "stop", prompt_eval_count = 120, eval_count = 30 }) + "\n"
            : "data: " + JsonSerializer.Serialize(new
            {
                id = "chatcmpl-standin",
                @object = "chat.completion.chunk",
                created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                model,
                choices = new[] { new { index = 0, delta = new { role = (string?)null, content = (string?)null }, finish_reason = "stop" } },
            }) + "\n\ndata: [DONE]\n\n");
    }

    /// <summary>The number the prompt gives the passage that contains <paramref name="text"/> ("[3] Title…"), or 0.</summary>
    public static int PassageNumberOf(string prompt, string text)
    {
        var at = prompt.IndexOf(text, StringComparison.Ordinal);
        if (at < 0)
        {
            return 0;
        }

        var start = prompt.LastIndexOf("\n[", at, StringComparison.Ordinal);
        var head = prompt.AsSpan(start + 2);
        return int.Parse(head[..head.IndexOf(']')], System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private enum Shape
    {
        OpenAI,
        Ollama,
    }
}

/// <summary>A scripted reply: the assistant's text, or a failure status, after an optional delay.</summary>
/// <param name="PieceDelay">How long a stream waits before each piece after the first, as a model writing slowly.</param>
public sealed record Scripted(string Content, int Status = StatusCodes.Status200OK, TimeSpan Delay = default, int? RetryAfterSeconds = null, TimeSpan PieceDelay = default);
