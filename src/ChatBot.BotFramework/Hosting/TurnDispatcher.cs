using ChatBot.Answering.Conversation;
using ChatBot.BotFramework.Connector;
using ChatBot.BotFramework.Feedback;
using ChatBot.BotFramework.Schema;
using ChatBot.BotFramework.Turns;
using Microsoft.Extensions.Logging;

namespace ChatBot.BotFramework.Hosting;

/// <summary>
/// Runs <c>/api/messages</c> turns after their HTTP request has been answered, so the channel gets its 200 at once
/// (Teams gives a bot 15 s) and replies go out through the connector. A typing indicator is sent when an answer takes a
/// while; a turn that fails still gets a short apology, never silence. Turns are scheduled per conversation by the
/// <see cref="TurnScheduler"/>, so a channel that hangs delays only its own conversations.
/// </summary>
public sealed partial class TurnDispatcher(
    TurnScheduler scheduler,
    BotTurnProcessor processor,
    ConnectorClient connector,
    IFeedbackStore feedback,
    BotFrameworkOptions options,
    TimeProvider time,
    ILogger<TurnDispatcher> logger)
{
    public ScheduleResult TryEnqueue(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var key = ConversationKeys.Channel(activity.ChannelId, activity.Conversation?.Id);
        return scheduler.TryEnqueue(key, stopping => RunTurnAsync(activity, key, stopping));
    }

    private async Task RunTurnAsync(Activity activity, string key, CancellationToken stopping)
    {
        var serviceUrl = activity.ServiceUrl!;
        using var span = BotTelemetry.StartTurn(activity);
        var result = await TurnRunner.RunAsync(
            processor,
            activity,
            key,
            new TurnChannel((sent, ct) => connector.SendForIdAsync(serviceUrl, sent, ct), options.TypingDelay, options.StreamInterval, time),
            ex => LogTurnFailed(logger, key, ex),
            stopping).ConfigureAwait(false);

        var answered = result.Answered;
        foreach (var reply in result.Replies)
        {
            if (answered is null || reply.Type != ActivityTypes.Message)
            {
                await connector.SendAsync(serviceUrl, reply, stopping).ConfigureAwait(false);
                continue;
            }

            // The answer is remembered under the id the channel gave it: a rating names that id.
            if (await connector.SendForIdAsync(serviceUrl, reply, stopping).ConfigureAwait(false) is { } replyId)
            {
                await RememberAsync(key, replyId, answered, stopping).ConfigureAwait(false);
            }

            answered = null;
        }
    }

    private async Task RememberAsync(string key, string replyId, AnsweredQuestion answered, CancellationToken stopping)
    {
        try
        {
            await feedback.RememberAnswerAsync(key, replyId, answered, stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The user has the answer; only a later rating of it loses what it rated.
            LogRememberFailed(logger, key, ex);
        }
    }

    [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Could not remember the answer sent in {Conversation} for its feedback")]
    private static partial void LogRememberFailed(ILogger logger, string conversation, Exception exception);

    [LoggerMessage(EventId = 4200, Level = LogLevel.Error, Message = "The turn in {Conversation} failed; the user was sent an apology")]
    private static partial void LogTurnFailed(ILogger logger, string conversation, Exception exception);
}
