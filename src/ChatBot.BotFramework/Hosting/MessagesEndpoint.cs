using ChatBot.Answering.Conversation;
using ChatBot.BotFramework.Authentication;
using ChatBot.BotFramework.Connector;
using ChatBot.BotFramework.Schema;
using ChatBot.BotFramework.Turns;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace ChatBot.BotFramework.Hosting;

/// <summary><c>POST /api/messages</c>: the Bot Framework protocol endpoint for Teams, the Emulator and Direct Line.</summary>
public static partial class MessagesEndpoint
{
    public const string Route = "/api/messages";

    public static IEndpointRouteBuilder MapBotMessages(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, HandleAsync);
        return app;
    }

    private static async Task<IResult> HandleAsync(
        HttpContext context,
        BotTurnProcessor processor,
        TurnDispatcher dispatcher,
        ServiceUrlPolicy serviceUrls,
        BotFrameworkOptions options,
        BotAuthenticationOptions authentication,
        ChannelTokenValidator validator,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(MessagesEndpoint));
        var (activity, problem) = await ActivityReader.ReadAsync(context, new ActivityLimits(options.MaxActivityBytes), cancellationToken);
        if (activity is null)
        {
            return problem!;
        }

        // Nothing is processed before the caller is authenticated. Without an app id only anonymous (local) callers
        // are served; a token that cannot be checked against an app id is refused, as the SDK does.
        var authorization = context.Request.Headers.Authorization.ToString();
        var failure = authentication.IsEnabled
            ? await validator.ValidateAsync(authorization.Length == 0 ? null : authorization, activity, cancellationToken)
            : authorization.Length > 0 ? "a token was sent but no MicrosoftAppId is configured to check it against" : null;
        if (failure is not null)
        {
            LogUnauthenticated(logger, failure);
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: failure);
        }

        if (activity.DeliveryMode == ActivityTypes.ExpectReplies)
        {
            var result = await RunInlineAsync(processor, activity, logger, cancellationToken);
            return Results.Json(new { activities = result.Replies }, BotJson.Options);
        }

        if (activity.Type == ActivityTypes.Invoke)
        {
            var result = await RunInlineAsync(processor, activity, logger, cancellationToken);
            return result.InvokeBody is null
                ? Results.StatusCode(result.InvokeStatus ?? StatusCodes.Status200OK)
                : Results.Json(result.InvokeBody, BotJson.Options, statusCode: result.InvokeStatus ?? StatusCodes.Status200OK);
        }

        if (activity.Type is not (ActivityTypes.Message or ActivityTypes.ConversationUpdate or ActivityTypes.InstallationUpdate))
        {
            return Results.Ok();
        }

        if (!serviceUrls.IsAllowed(activity.ServiceUrl, out var reason))
        {
            return BadRequest(reason);
        }

        if (activity.Conversation?.Id is null)
        {
            return BadRequest("The activity has no conversation id to reply to.");
        }

        switch (dispatcher.TryEnqueue(activity))
        {
            case ScheduleResult.Accepted:
                return Results.Ok();
            case ScheduleResult.ConversationBusy:
                context.Response.Headers.RetryAfter = "1";
                return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Busy conversation",
                    detail: "This conversation has too many messages waiting for an answer; retry shortly.");
            default:
                context.Response.Headers.RetryAfter = "1";
                return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy", detail: "Too many turns are waiting; retry shortly.");
        }
    }

    private static async Task<TurnResult> RunInlineAsync(BotTurnProcessor processor, Activity activity, ILogger logger, CancellationToken cancellationToken)
    {
        using var span = BotTelemetry.StartTurn(activity);
        try
        {
            return await processor.ProcessAsync(activity, ConversationKeys.Channel(activity.ChannelId, activity.Conversation?.Id), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogInlineTurnFailed(logger, ConversationKeys.Channel(activity.ChannelId, activity.Conversation?.Id), ex);
            return new TurnResult([Turns.Replies.Apology(activity)], StatusCodes.Status500InternalServerError);
        }
    }

    private static IResult BadRequest(string detail) => ActivityReader.Invalid(detail);

    [LoggerMessage(EventId = 4300, Level = LogLevel.Warning, Message = "Refused an unauthenticated activity: {Reason}")]
    private static partial void LogUnauthenticated(ILogger logger, string reason);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Error, Message = "The turn in {Conversation} failed")]
    private static partial void LogInlineTurnFailed(ILogger logger, string conversation, Exception exception);
}
