using ChatBot.Answering.Conversation;
using ChatBot.BotFramework.Hosting;
using ChatBot.BotFramework.Schema;
using ChatBot.BotFramework.Turns;
using Microsoft.Extensions.Logging;

namespace ChatBot.BotFramework.DirectLine;

/// <summary>
/// Hands activities from the widget to the same turn logic as <c>/api/messages</c> (channel <c>directline</c>) and puts
/// the replies into the conversation, with a typing indicator first when the answer is not immediate. Turns go through
/// the shared <see cref="TurnScheduler"/>: in order per conversation, bounded per conversation and in total.
/// </summary>
public sealed partial class DirectLineBot(
    BotTurnProcessor processor,
    TurnScheduler scheduler,
    IDirectLineStore conversations,
    BotFrameworkOptions options,
    TimeProvider time,
    ILogger<DirectLineBot> logger)
{
    public const string ChannelId = "directline";
    public const string BotId = "chatbot";

    /// <summary>Stores a message from the client in its conversation and queues its turn; returns the id it was given,
    /// or null when the conversation has ended.</summary>
    public async Task<string?> ReceiveAsync(DirectLineChat conversation, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var id = await conversations.AppendAsync(conversation.Id, activity, cancellationToken).ConfigureAwait(false);
        if (id is not null)
        {
            await DeliverAsync(conversation, activity, cancellationToken).ConfigureAwait(false);
        }

        return id;
    }

    /// <summary>Queues the turn of an activity already stored, or never stored (the join). When the turn is refused
    /// (the conversation or the bot has too many waiting) the user is told so in the conversation.</summary>
    public async Task<ScheduleResult> DeliverAsync(DirectLineChat conversation, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(activity);
        var key = ConversationKeys.BuiltInDirectLine(conversation.Id);
        var result = scheduler.TryEnqueue(key, stopping => RunAsync(conversation, activity, key, stopping));
        if (result != ScheduleResult.Accepted && activity.Type == ActivityTypes.Message)
        {
            var busy = Turns.Replies.To(activity);
            busy.Text = "I'm still answering your earlier messages. Please wait a moment and ask again.";
            await conversations.AppendAsync(conversation.Id, busy, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Fills in what Direct Line fills in on an activity from the client.</summary>
    public static Activity FromClient(DirectLineChat conversation, Activity activity)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(activity);
        activity.ChannelId = ChannelId;
        activity.Conversation = new ConversationAccount { Id = conversation.Id };
        activity.From = new ChannelAccount { Id = conversation.UserId, Name = activity.From?.Name, Role = "user" };
        activity.Recipient = new ChannelAccount { Id = BotId, Name = "ChatBot", Role = "bot" };
        activity.ServiceUrl = null;
        return activity;
    }

    private async Task RunAsync(DirectLineChat conversation, Activity activity, string key, CancellationToken stopping)
    {
        using var span = BotTelemetry.StartTurn(activity);
        var result = await TurnRunner.RunAsync(
            processor,
            activity,
            key,
            new TurnChannel((sent, ct) => conversations.AppendAsync(conversation.Id, sent, ct).AsTask(), options.TypingDelay, options.StreamInterval, time),
            ex => LogTurnFailed(logger, conversation.Id, ex),
            stopping).ConfigureAwait(false);

        foreach (var reply in result.Replies)
        {
            await conversations.AppendAsync(conversation.Id, reply, stopping).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 4600, Level = LogLevel.Error, Message = "A Direct Line turn in {Conversation} failed; the user was sent an apology")]
    private static partial void LogTurnFailed(ILogger logger, string conversation, Exception exception);
}
