using System.ComponentModel.DataAnnotations;

namespace ChatBot.Answering.Conversation;

/// <summary>Bounds on the conversation memory used to understand follow-up questions.</summary>
public sealed class ConversationOptions
{
    public const string Section = "Conversation";

    /// <summary>Turns remembered per conversation.</summary>
    [Range(1, 100)]
    public int MaxTurns { get; set; } = 10;

    /// <summary>Conversations remembered at once; the least recently active is forgotten first.</summary>
    [Range(1, 10_000_000)]
    public int MaxConversations { get; set; } = 10_000;

    /// <summary>Bytes all remembered turns may take together; past it the least recently active conversations are
    /// forgotten first. Anyone can open conversations on <c>/api/ask</c>, so a count alone would not bound memory.</summary>
    [Range(64 * 1024, 16L * 1024 * 1024 * 1024)]
    public long MaxBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>A conversation idle this long is forgotten.</summary>
    public TimeSpan IdleExpiry { get; set; } = TimeSpan.FromMinutes(30);
}
