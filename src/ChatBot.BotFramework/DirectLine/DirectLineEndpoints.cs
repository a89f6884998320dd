using System.Globalization;
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
        v3.MapPost("/tokens/refresh", RefreshAsync);
        v3.MapPost("/conversations", StartAsync);
        v3.MapGet("/conversations/{id}", ReconnectAsync);
        v3.MapPost("/conversations/{id}/activities", PostActivityAsync);
        v3.MapGet("/conversations/{id}/activities", GetActivitiesAsync);
        v3.Map("/conversations/{id}/stream", DirectLineSocket.StreamAsync);
        return app;
    }

    private static async Task<IResult> IssueTokenAsync(
        HttpContext context, DirectLineOptions options, IDirectLineStore conversations, DirectLineTokens tokens, AzureDirectLineTokens azure)
    {
        if (!string.IsNullOrEmpty(options.Secret))
        {
            try
            {
                var userId = "dl_" + Guid.NewGuid().ToString("N")[..12];
                var (token, conversationId, expiresIn) = await azure.GenerateAsync(userId, context.RequestAborted);
                return Results.Json(new { token, conversationId, userId, expires_in = expiresIn, domain = options.AzureEndpoint });
            }
            catch (HttpRequestException ex)
            {
                return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Direct Line unavailable", detail: ex.Message);
            }
        }

        var conversation = await conversations.CreateAsync("dl_" + Guid.NewGuid().ToString("N")[..12], context.RequestAborted);
        return Results.Json(new
        {
            token = tokens.Issue(conversation.Id, conversation.UserId),
            conversationId = conversation.Id,
            userId = conversation.UserId,
            expires_in = tokens.ExpiresInSeconds,

            // Where the widget finds this Direct Line (Azure's is its default).
            domain = $"{context.Request.Scheme}://{context.Request.Host}/v3/directline",
        });
    }

    private static async Task<IResult> RefreshAsync(HttpContext context, IDirectLineStore conversations, DirectLineTokens tokens)
    {
        var (caller, failure) = await DirectLineAccess.AuthorizeAsync(context, null, conversations, tokens);
        return failure ?? Results.Json(ConversationBody(context, caller!.Conversation, tokens));
    }

    private static async Task<IResult> StartAsync(HttpContext context, IDirectLineStore conversations, DirectLineTokens tokens, DirectLineBot bot, TimeProvider time)
    {
        var (caller, failure) = await DirectLineAccess.AuthorizeAsync(context, null, conversations, tokens);
        if (failure is not null)
        {
            return failure;
        }

        var conversation = caller!.Conversation;
        if (await conversations.TryStartAsync(conversation.Id, context.RequestAborted))
        {
            // Direct Line tells the bot that the user joined; the bot's welcome is the conversation's first message.
            var joined = DirectLineBot.FromClient(conversation, new Activity
            {
                Type = ActivityTypes.ConversationUpdate,
                MembersAdded = [new ChannelAccount { Id = conversation.UserId }],
            });
            joined.Id = $"{conversation.Id}|join";
            joined.Timestamp = time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture);
            await bot.DeliverAsync(conversation, joined, context.RequestAborted);
        }

        return Results.Json(ConversationBody(context, conversation, tokens), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ReconnectAsync(string id, HttpContext context, IDirectLineStore conversations, DirectLineTokens tokens)
    {
        var (caller, failure) = await DirectLineAccess.AuthorizeAsync(context, id, conversations, tokens);
        return failure ?? Results.Json(ConversationBody(context, caller!.Conversation, tokens));
    }

    private static async Task<IResult> PostActivityAsync(
        string id, HttpContext context, IDirectLineStore conversations, DirectLineTokens tokens, DirectLinePostLimiter limiter,
        DirectLineBot bot, DirectLineOptions options)
    {
        var (caller, failure) = await DirectLineAccess.AuthorizeAsync(context, id, conversations, tokens);
        if (failure is not null)
        {
            return failure;
        }

        var conversation = caller!.Conversation;
        var (acquired, retryAfter) = await limiter.TryAcquireAsync(conversation.Id, context.RequestAborted);
        if (!acquired)
        {
            context.Response.Headers.RetryAfter = retryAfter;
            return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many messages",
                detail: "This conversation is posting faster than it can be answered; retry after the Retry-After delay.");
        }

        var limits = new ActivityLimits(options.MaxActivityBytes, options.MaxEntities, options.MaxAttachments);
        var (activity, problem) = await ActivityReader.ReadAsync(context, limits, context.RequestAborted);
        if (activity is null)
        {
            return problem!;
        }

        var stored = DirectLineBot.FromClient(conversation, activity);
        if (stored.Type != ActivityTypes.Message)
        {
            // Events, typing and the like are answered by nothing here, so they are acknowledged and not kept: only
            // messages take room in the history.
            return Results.Json(new { id = $"{conversation.Id}|{stored.Type}-{Guid.NewGuid():N}" });
        }

        return await bot.ReceiveAsync(conversation, stored, context.RequestAborted) is { } received
            ? Results.Json(new { id = received })
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Conversation ended", detail: "The conversation has expired; start a new one.");
    }

    private static async Task<IResult> GetActivitiesAsync(string id, string? watermark, HttpContext context, IDirectLineStore conversations, DirectLineTokens tokens)
    {
        var (caller, failure) = await DirectLineAccess.AuthorizeAsync(context, id, conversations, tokens);
        if (failure is not null)
        {
            return failure;
        }

        var from = int.TryParse(watermark, NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w : 0;
        return Results.Json(await conversations.SinceAsync(caller!.Conversation.Id, from, context.RequestAborted), BotJson.Options);
    }

    private static object ConversationBody(HttpContext context, DirectLineChat conversation, DirectLineTokens tokens)
    {
        var token = tokens.Issue(conversation.Id, conversation.UserId);
        var scheme = context.Request.Scheme == "https" ? "wss" : "ws";
        var streamUrl = $"{scheme}://{context.Request.Host}/v3/directline/conversations/{conversation.Id}/stream?t={Uri.EscapeDataString(token)}";
        return new { conversationId = conversation.Id, token, expires_in = tokens.ExpiresInSeconds, streamUrl };
    }
}
