using System.Diagnostics;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Threading.Channels;
using System.Text.Json;
using ChatBot.Answering;
using ChatBot.Answering.Conversation;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace ChatBot.Server.Api;

/// <summary><c>POST /api/ask</c>: the JSON API for the CLI, evaluations and custom clients. With
/// <c>Accept: text/event-stream</c> the answer comes as Server-Sent Events: <c>delta</c> events with the text as it is
/// written (<c>{"text": "…"}</c>), then exactly one <c>answer</c> event holding the same object the plain call returns,
/// verified, which replaces whatever the deltas showed.</summary>
internal static class AskApi
{
    /// <summary>Largest request body accepted; a question is at most a few kilobytes.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public const int MaxConversationIdLength = 256;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static void MapAskApi(this IEndpointRouteBuilder app) => app.MapPost("/api/ask", AskAsync);

    private static async Task<Results<Ok<AskResponse>, ServerSentEventsResult<string>, ProblemHttpResult>> AskAsync(HttpContext context, QuestionAnswerer answerer, CancellationToken cancellationToken)
    {
        if (!context.Request.HasJsonContentType())
        {
            return Problem(StatusCodes.Status400BadRequest, "Unsupported content type",
                $"Send the question as JSON with 'Content-Type: application/json' (got '{context.Request.ContentType ?? "none"}').");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        AskRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync<AskRequest>(JsonOptions, cancellationToken);
        }
        catch (JsonException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid JSON", $"The request body is not a valid question object: {ex.Message}");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, "Request too large", $"The request body is over {MaxBodyBytes} bytes.");
        }

        if (request is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid JSON", "The request body must be a JSON object such as {\"question\": \"What do the documents say about this?\"}.");
        }

        if (request.Question is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Missing question", "The JSON object needs a \"question\" string.");
        }

        if (request.ConversationId is { Length: > MaxConversationIdLength })
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid conversationId", $"conversationId is limited to {MaxConversationIdLength} characters.");
        }

        var conversation = string.IsNullOrWhiteSpace(request.ConversationId) ? null : ConversationKeys.Ask(request.ConversationId);
        try
        {
            if (WantsStream(context.Request))
            {
                return await StreamAsync(answerer, request.Question, conversation, cancellationToken);
            }

            var started = Stopwatch.GetTimestamp();
            var timings = AnswerTimings.Begin();
            var answer = await answerer.AskAsync(request.Question, conversation, cancellationToken);

            // Lets clients and benchmarks tell the time spent answering from the time spent on the wire, and the bot's
            // own work from the models'.
            context.Response.Headers["Server-Timing"] = timings.ToHeader(Stopwatch.GetElapsedTime(started));
            return TypedResults.Ok(AskResponse.From(answer));
        }
        catch (InvalidQuestionException ex)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid question", ex.Message);
        }
        catch (KnowledgeUnavailableException ex)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "Knowledge base unavailable", ex.Message);
        }
    }

    private static bool WantsStream(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase));

    /// <summary>Starts answering and returns the event stream once the first event is ready, so a question refused at
    /// once (invalid, or the knowledge base not ready) still gets its plain 400 or 503.</summary>
    private static async Task<ServerSentEventsResult<string>> StreamAsync(QuestionAnswerer answerer, string question, string? conversation, CancellationToken cancellationToken)
    {
        // Bounded: a client that reads slowly holds the model's stream back instead of growing a queue.
        var events = Channel.CreateBounded<SseItem<string>>(new BoundedChannelOptions(64) { SingleReader = true, SingleWriter = true });
        _ = Task.Run(async () =>
        {
            try
            {
                var streamed = false;
                var answer = await answerer.AskAsync(question, conversation, async (text, ct) =>
                {
                    streamed = true;
                    await events.Writer.WriteAsync(new SseItem<string>(JsonSerializer.Serialize(new { text }, JsonOptions), "delta"), ct);
                }, cancellationToken);
                if (!streamed)
                {
                    await events.Writer.WriteAsync(new SseItem<string>(JsonSerializer.Serialize(new { text = answer.Text }, JsonOptions), "delta"), cancellationToken);
                }

                await events.Writer.WriteAsync(new SseItem<string>(JsonSerializer.Serialize(AskResponse.From(answer), JsonOptions), "answer"), cancellationToken);
                events.Writer.Complete();
            }
            catch (Exception ex)
            {
                events.Writer.Complete(ex);
            }
        }, CancellationToken.None);

        // Throws what answering threw before its first event (InvalidQuestionException, KnowledgeUnavailableException).
        await events.Reader.WaitToReadAsync(cancellationToken);
        return TypedResults.ServerSentEvents(events.Reader.ReadAllAsync(cancellationToken));
    }

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail });
}
