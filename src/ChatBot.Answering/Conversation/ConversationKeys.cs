using System.Security.Cryptography;
using System.Text;

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

    /// <summary>A short fixed-length name under <paramref name="kind"/> for a key of any length: a bucket or a stored
    /// entry takes the same few bytes however long the id a caller sends, and no id can reach another kind's keys.</summary>
    public static string Digest(string kind, string key) =>
        kind + ":" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key ?? string.Empty)), 0, 16);
}
