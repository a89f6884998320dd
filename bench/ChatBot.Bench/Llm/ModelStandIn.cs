using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ChatBot.Bench.Llm;

/// <summary>
/// An OpenAI-compatible chat completions server on loopback with no delay of its own (no model runs here), so the
/// benchmark measures what the bot adds around a model. It answers with the first sentence of each of the first two
/// passages of the prompt, each cited, which the verifier accepts; streamed in pieces of a few words when asked. It
/// records how long it took per request and when it emitted the first piece of each stream.
/// </summary>
internal sealed partial class ModelStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ModelStandIn(WebApplication app) => _app = app;

    public Uri BaseAddress => new(_app.Urls.First());

    /// <summary>Milliseconds the last request took here, from its arrival to its reply being composed.</summary>
    public double LastHandlingMilliseconds { get; private set; }

    /// <summary>The timestamp (<see cref="Stopwatch.GetTimestamp"/>) at which the last stream's first piece was flushed.</summary>
    public long LastFirstToken { get; private set; }

    /// <summary>Requests received so far.</summary>
    public int Requests { get; private set; }

    public static async Task<ModelStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new ModelStandIn(app);
        app.MapPost("/v1/chat/completions", standIn.AnswerAsync);
        await app.StartAsync();
        return standIn;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        Requests++;
        var body = (await JsonNode.ParseAsync(context.Request.Body))!;
        var prompt = body["messages"]!.AsArray().Last(m => (string?)m!["role"] == "user")!["content"]!.ToString();
        var reply = string.Join(" ", PassagePattern().Matches(prompt).Take(2)
            .Select(m => $"{FirstSentence(m.Groups[2].Value).TrimEnd('.')} [{m.Groups[1].Value}]."));
        // Set before the last byte goes: the bot acts on the reply as soon as it has it.
        LastHandlingMilliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (body["stream"]?.GetValue<bool>() == true)
        {
            context.Response.ContentType = "text/event-stream";
            var first = true;
            foreach (var piece in Regex.Split(reply, @"(?<=\s)").Where(p => p.Length > 0).Chunk(3).Select(p => string.Concat(p)))
            {
                // The moment the model emits its first token, before it is on the wire.
                if (first)
                {
                    LastFirstToken = Stopwatch.GetTimestamp();
                    first = false;
                }

                await context.Response.WriteAsync("data: " + Chunk(piece, null) + "\n\n");
                await context.Response.Body.FlushAsync();
            }

            await context.Response.WriteAsync("data: " + Chunk(null, "stop") + "\n\ndata: [DONE]\n\n");
        }
        else
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(new
            {
                id = "chatcmpl-bench",
                @object = "chat.completion",
                created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                model = "bench",
                choices = new[] { new { index = 0, message = new { role = "assistant", content = reply }, finish_reason = "stop" } },
                usage = new { prompt_tokens = prompt.Length / 4, completion_tokens = reply.Length / 4, total_tokens = (prompt.Length + reply.Length) / 4 },
            }));
        }
    }

    private static string Chunk(string? content, string? finish) => JsonSerializer.Serialize(new
    {
        id = "chatcmpl-bench",
        @object = "chat.completion.chunk",
        created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        model = "bench",
        choices = new[] { new { index = 0, delta = new { role = content is null ? null : "assistant", content }, finish_reason = finish } },
    });

    private static string FirstSentence(string text)
    {
        var end = SentenceEnd().Match(text);
        return (end.Success ? text[..end.Index] : text).Trim();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [GeneratedRegex(@"^\[(\d+)\][^\n]*\n([^\n]+)", RegexOptions.Multiline)]
    private static partial Regex PassagePattern();

    [GeneratedRegex(@"(?<=[.!?])\s+(?=[A-Z])")]
    private static partial Regex SentenceEnd();
}
