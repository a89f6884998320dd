using ChatBot.BotFramework.Schema;
using ChatBot.BotFramework.Turns;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatBot.BotFramework.DirectLine;

/// <summary>
/// Hands activities from the widget to the same turn logic as <c>/api/messages</c> (channel <c>directline</c>) and puts
/// the replies into the conversation, with a typing indicator first when the answer is not immediate.
/// </summary>
public sealed partial class DirectLineBot(
    BotTurnProcessor processor,
    BotFrameworkOptions options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<DirectLineBot> logger)
{
    public const string ChannelId = "directline";
    public const string BotId = "chatbot";

    /// <summary>Starts the turn in the background; the caller has already stored the user's activity.</summary>
    public void Deliver(DirectLineConversation conversation, Activity activity) =>
        _ = Task.Run(() => RunAsync(conversation, activity, lifetime.ApplicationStopping));

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

    private async Task RunAsync(DirectLineConversation conversation, Activity activity, CancellationToken stopping)
    {
        await conversation.TurnGate.WaitAsync(stopping).ConfigureAwait(false);
        try
        {
            var result = await TurnRunner.RunAsync(
                processor,
                activity,
                options.TypingDelay,
                typing =>
                {
                    conversation.Append(typing, time.GetUtcNow());
                    return Task.CompletedTask;
                },
                ex => LogTurnFailed(logger, conversation.Id, ex),
                stopping).ConfigureAwait(false);

            foreach (var reply in result.Replies)
            {
                conversation.Append(reply, time.GetUtcNow());
            }
        }
        finally
        {
            conversation.TurnGate.Release();
        }
    }

    [LoggerMessage(EventId = 4600, Level = LogLevel.Error, Message = "A Direct Line turn in {Conversation} failed; the user was sent an apology")]
    private static partial void LogTurnFailed(ILogger logger, string conversation, Exception exception);
}
