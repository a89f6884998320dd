namespace ChatBot.Answering.Conversation;

/// <summary>
/// The keys conversation memory, rate limits and turn ordering are kept under. Each entry point has its own key space,
/// so no caller can name another entry point's conversation: a conversation id sent to <c>/api/ask</c> never reaches a
/// Teams or Web Chat conversation, and an activity posted to <c>/api/messages</c> claiming channel <c>directline</c>
/// never reaches a conversation of the built-in Direct Line.
/// </summary>
public static class ConversationKeys
{
    /// <summary>A conversation of <c>POST /api/ask</c>.</summary>
    public static string Ask(string conversationId) => "ask|" + conversationId;

    /// <summary>A conversation of a channel speaking to <c>/api/messages</c>; conversation ids are unique per channel only.</summary>
    public static string Channel(string? channelId, string? conversationId) =>
        $"messages|{Uri.EscapeDataString(channelId ?? string.Empty)}|{conversationId}";

    /// <summary>A conversation of the built-in Direct Line, whose ids the server itself issues.</summary>
    public static string BuiltInDirectLine(string conversationId) => "directline|" + conversationId;
}
