using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using ChatBot.BotFramework.Hosting;
using ChatBot.BotFramework.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ChatBot.BotFramework.DirectLine;

/// <summary>
/// A Direct Line 3.0 service inside the bot, so the web chat widget works with no cloud: conversations, activities
/// (polling with watermarks, and a WebSocket stream), token refresh, and <c>POST /api/directline/token</c> for the page.
/// Every call needs a token for its own conversation: none is 401, another conversation's or an expired one is 403.
/// With an Azure Direct Line secret configured, the token endpoint hands out Azure tokens instead.
/// </summary>
public static class DirectLineEndpoints
{
    /// <summary>The rate-limiting policy on the token endpoint, the only way to open a conversation here (see
    /// <see cref="DirectLineOptions.NewConversationsPerMinute"/>).</summary>
    public const string NewConversationPolicy = "directline-new-conversation";

    public static IEndpointRouteBuilder MapDirectLine(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/directline/token", IssueTokenAsync).RequireRateLimiting(NewConversationPolicy);
        var v3 = app.MapGroup("/v3/directline");
        v3.MapPost("/tokens/refresh", Refresh);
        v3.MapPost("/conversations", Start);
        v3.MapGet("/conversations/{id}", Reconnect);
        v3.MapPost("/conversations/{id}/activities", PostActivityAsync);
        v3.MapGet("/conversations/{id}/activities", GetActivities);
        v3.Map("/conversations/{id}/stream", StreamAsync);
        return app;
    }

    private static async Task<IResult> IssueTokenAsync(
        HttpContext context, DirectLineOptions options, DirectLineConversations conversations, DirectLineTokens tokens, AzureDirectLineTokens azure)
    {
        if (!string.IsNullOrEmpty(options.Secret))
        {
            try
            {
                var (token, conversationId, expiresIn) = await azure.GenerateAsync("dl_" + Guid.NewGuid().ToString("N")[..12], context.RequestAborted);
                return Results.Json(new { token, conversationId, expires_in = expiresIn, domain = options.AzureEndpoint });
            }
            catch (HttpRequestException ex)
            {
                return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Direct Line unavailable", detail: ex.Message);
            }
        }

        var conversation = conversations.Create("dl_" + Guid.NewGuid().ToString("N")[..12]);
        return Results.Json(new
        {
            token = tokens.Issue(conversation.Id, conversation.UserId),
            conversationId = conversation.Id,
            expires_in = tokens.ExpiresInSeconds,

            // Where the widget finds this Direct Line (Azure's is its default).
            domain = $"{context.Request.Scheme}://{context.Request.Host}/v3/directline",
        });
    }

    private static IResult Refresh(HttpContext context, DirectLineConversations conversations, DirectLineTokens tokens)
    {
        var (conversation, failure) = Authorize(context, null, conversations, tokens);
        return failure ?? Results.Json(ConversationBody(context, conversation!, tokens));
    }

    private static IResult Start(HttpContext context, DirectLineConversations conversations, DirectLineTokens tokens, DirectLineBot bot, TimeProvider time)
    {
        var (conversation, failure) = Authorize(context, null, conversations, tokens);
        if (failure is not null)
        {
            return failure;
        }

        if (conversation!.TryStart())
        {
            // Direct Line tells the bot that the user joined; the bot's welcome is the conversation's first message.
            var joined = DirectLineBot.FromClient(conversation, new Activity
            {
                Type = ActivityTypes.ConversationUpdate,
                MembersAdded = [new ChannelAccount { Id = conversation.UserId }],
            });
            joined.Id = $"{conversation.Id}|join";
            joined.Timestamp = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            bot.Deliver(conversation, joined);
        }

        return Results.Json(ConversationBody(context, conversation, tokens), statusCode: StatusCodes.Status201Created);
    }

    private static IResult Reconnect(string id, HttpContext context, DirectLineConversations conversations, DirectLineTokens tokens)
    {
        var (conversation, failure) = Authorize(context, id, conversations, tokens);
        return failure ?? Results.Json(ConversationBody(context, conversation!, tokens));
    }

    private static async Task<IResult> PostActivityAsync(string id, HttpContext context, DirectLineConversations conversations, DirectLineTokens tokens, DirectLineBot bot, BotFrameworkOptions options, TimeProvider time)
    {
        var (conversation, failure) = Authorize(context, id, conversations, tokens);
        if (failure is not null)
        {
            return failure;
        }

        var (activity, problem) = await ActivityReader.ReadAsync(context, options.MaxActivityBytes, context.RequestAborted);
        if (activity is null)
        {
            return problem!;
        }

        var stored = DirectLineBot.FromClient(conversation!, activity);
        var activityId = conversation!.Append(stored, time.GetUtcNow());
        bot.Deliver(conversation, stored);
        return Results.Json(new { id = activityId });
    }

    private static IResult GetActivities(string id, string? watermark, HttpContext context, DirectLineConversations conversations, DirectLineTokens tokens)
    {
        var (conversation, failure) = Authorize(context, id, conversations, tokens);
        if (failure is not null)
        {
            return failure;
        }

        var from = int.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w : 0;
        return Results.Json(conversation!.Since(from), BotJson.Options);
    }

    private static async Task StreamAsync(string id, string? t, string? watermark, HttpContext context, DirectLineConversations conversations, DirectLineTokens tokens, DirectLineOptions options)
    {
        var (conversation, failure) = Authorize(context, id, conversations, tokens, t);
        if (failure is not null)
        {
            await failure.ExecuteAsync(context);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "WebSocket expected").ExecuteAsync(context);
            return;
        }

        var frames = conversation!.Subscribe(int.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w : null);
        if (frames is null)
        {
            await Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Collision",
                detail: "Another WebSocket is already connected to this conversation.").ExecuteAsync(context);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        try
        {
            await PumpAsync(socket, frames, options.KeepAliveInterval, context.RequestAborted);
        }
        finally
        {
            conversation.Unsubscribe(frames);
        }
    }

    private static async Task PumpAsync(WebSocket socket, System.Threading.Channels.ChannelReader<string> frames, TimeSpan keepAlive, CancellationToken aborted)
    {
        var receive = DrainAsync(socket, aborted);
        while (socket.State == WebSocketState.Open && !receive.IsCompleted)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            wait.CancelAfter(keepAlive);
            string frame;
            try
            {
                if (!await frames.WaitToReadAsync(wait.Token) || !frames.TryRead(out frame!))
                {
                    break;
                }
            }
            catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
            {
                frame = string.Empty;
            }
            catch (InvalidOperationException)
            {
                // The frame buffer overflowed: the client was too slow and must reconnect from its watermark.
                await socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, "client too slow", CancellationToken.None);
                return;
            }

            await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, endOfMessage: true, aborted);
        }

        // Complete the closing handshake whichever side started it.
        if (socket.State == WebSocketState.CloseReceived)
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "closing", CancellationToken.None);
        }
        else if (socket.State == WebSocketState.Open)
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "closing", CancellationToken.None);
        }
    }

    /// <summary>Reads (and ignores) what the client sends, such as DirectLineJS's empty keep-alives, until it closes.</summary>
    private static async Task DrainAsync(WebSocket socket, CancellationToken aborted)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, aborted);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
        }
    }

    private static (DirectLineConversation? Conversation, IResult? Failure) Authorize(
        HttpContext context, string? conversationId, DirectLineConversations conversations, DirectLineTokens tokens, string? queryToken = null)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var token = queryToken ?? (header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null);
        if (string.IsNullOrEmpty(token))
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Token required", detail: "Send 'Authorization: Bearer <token>'."));
        }

        var (claims, problem) = tokens.Read(token);
        if (claims is null)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: problem));
        }

        if (conversationId is not null && claims.Conversation != conversationId)
        {
            return (null, Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "The token is for another conversation."));
        }

        var conversation = conversations.Find(claims.Conversation);
        return conversation is null
            ? (null, Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Conversation ended", detail: "The conversation has expired; start a new one."))
            : (conversation, null);
    }

    private static object ConversationBody(HttpContext context, DirectLineConversation conversation, DirectLineTokens tokens)
    {
        var token = tokens.Issue(conversation.Id, conversation.UserId);
        var scheme = context.Request.Scheme == "https" ? "wss" : "ws";
        var streamUrl = $"{scheme}://{context.Request.Host}/v3/directline/conversations/{conversation.Id}/stream?t={Uri.EscapeDataString(token)}";
        return new { conversationId = conversation.Id, token, expires_in = tokens.ExpiresInSeconds, streamUrl };
    }
}
