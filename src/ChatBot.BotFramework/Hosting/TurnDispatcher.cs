using ChatBot.Answering.Conversation;
using ChatBot.BotFramework.Connector;
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

        foreach (var reply in result.Replies)
        {
            await connector.SendAsync(serviceUrl, reply, stopping).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 4200, Level = LogLevel.Error, Message = "The turn in {Conversation} failed; the user was sent an apology")]
    private static partial void LogTurnFailed(ILogger logger, string conversation, Exception exception);
}
