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
    DirectLineConversations conversations,
    BotFrameworkOptions options,
    TimeProvider time,
    ILogger<DirectLineBot> logger)
{
    public const string ChannelId = "directline";
    public const string BotId = "chatbot";

    /// <summary>Stores a message from the client in its conversation and queues its turn; returns the id it was given.</summary>
    public string Receive(DirectLineConversation conversation, Activity activity)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var id = Append(conversation, activity);
        Deliver(conversation, activity);
        return id;
    }

    /// <summary>Queues the turn of an activity already stored, or never stored (the join). When the turn is refused
    /// (the conversation or the bot has too many waiting) the user is told so in the conversation.</summary>
    public ScheduleResult Deliver(DirectLineConversation conversation, Activity activity)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(activity);
        var key = ConversationKeys.BuiltInDirectLine(conversation.Id);
        var result = scheduler.TryEnqueue(key, stopping => RunAsync(conversation, activity, key, stopping));
        if (result != ScheduleResult.Accepted && activity.Type == ActivityTypes.Message)
        {
            var busy = Turns.Replies.To(activity);
            busy.Text = "I'm still answering your earlier messages. Please wait a moment and ask again.";
            Append(conversation, busy);
        }

        return result;
    }

    /// <summary>Fills in what Direct Line fills in on an activity from the client.</summary>
    public static Activity FromClient(DirectLineConversation conversation, Activity activity)
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

    private async Task RunAsync(DirectLineConversation conversation, Activity activity, string key, CancellationToken stopping)
    {
        using var span = BotTelemetry.StartTurn(activity);
        var result = await TurnRunner.RunAsync(
            processor,
            activity,
            key,
            new TurnChannel((sent, _) => Task.FromResult<string?>(Append(conversation, sent)), options.TypingDelay, options.StreamInterval, time),
            ex => LogTurnFailed(logger, conversation.Id, ex),
            stopping).ConfigureAwait(false);

        foreach (var reply in result.Replies)
        {
            Append(conversation, reply);
        }
    }

    /// <summary>Every activity kept in a conversation comes through here, so the budget over all conversations is
    /// enforced after each one.</summary>
    private string Append(DirectLineConversation conversation, Activity activity)
    {
        var id = conversation.Append(activity, time.GetUtcNow());
        conversations.EnforceBudget();
        return id;
    }

    [LoggerMessage(EventId = 4600, Level = LogLevel.Error, Message = "A Direct Line turn in {Conversation} failed; the user was sent an apology")]
    private static partial void LogTurnFailed(ILogger logger, string conversation, Exception exception);
}
