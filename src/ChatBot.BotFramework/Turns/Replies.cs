using ChatBot.BotFramework.Schema;

namespace ChatBot.BotFramework.Turns;

/// <summary>Builds replies addressed as the SDK's CreateReply does: sender and recipient swapped, same conversation,
/// and replyToId set to the activity answered.</summary>
public static class Replies
{
    public static Activity To(Activity inbound, string type = ActivityTypes.Message)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        var isWebChatUpdate = inbound.Type == ActivityTypes.ConversationUpdate
            && inbound.ChannelId is "directline" or "webchat";
        return new Activity
        {
            Type = type,
            ChannelId = inbound.ChannelId,
            From = inbound.Recipient,
            Recipient = inbound.From,
            Conversation = inbound.Conversation,
            ReplyToId = isWebChatUpdate ? null : inbound.Id,
            Locale = inbound.Locale,
        };
    }

    /// <summary>What the user sees when a turn fails: a short apology, never silence.</summary>
    public static Activity Apology(Activity inbound)
    {
        var reply = To(inbound);
        reply.Text = "Sorry, something went wrong while I was answering. Please try again.";
        return reply;
    }
}
