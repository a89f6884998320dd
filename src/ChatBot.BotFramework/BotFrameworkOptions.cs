using System.ComponentModel.DataAnnotations;

namespace ChatBot.BotFramework;

/// <summary>Settings of the Bot Framework endpoint (credentials are in <see cref="Authentication.BotAuthenticationOptions"/>).</summary>
public sealed class BotFrameworkOptions
{
    public const string Section = "BotFramework";

    /// <summary>Hosts (besides loopback) that replies may be sent to when no app id is set. Without an app id nothing
    /// proves where an activity came from, so its serviceUrl must not make the bot call arbitrary hosts.</summary>
    public IReadOnlyList<string> AllowedServiceUrlHosts { get; set; } = [];

    /// <summary>Largest activity accepted, in bytes.</summary>
    [Range(1024, 10 * 1024 * 1024)]
    public int MaxActivityBytes { get; set; } = 256 * 1024;

    /// <summary>Messages one conversation may send per minute before the bot asks it to slow down.</summary>
    [Range(1, 10_000)]
    public int MessagesPerMinute { get; set; } = 30;

    /// <summary>A typing indicator is sent when an answer takes longer than this; zero sends one before every answer.</summary>
    public TimeSpan TypingDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>The least time between two chunks of a streamed answer; Teams asks for 1.5–2 s between updates.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10")]
    public TimeSpan StreamInterval { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>How many times a reply is retried after 429, 412, 502, 503 or 504 from the channel.</summary>
    [Range(0, 10)]
    public int MaxSendRetries { get; set; } = 3;

    /// <summary>Turns waiting or running, over all conversations; past this the endpoint answers 503 and the channel
    /// retries.</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Turns one conversation may have waiting or running; past this its new messages are refused (429), so
    /// one chat cannot fill the queue.</summary>
    [Range(1, 1000)]
    public int MaxPendingTurnsPerConversation { get; set; } = 8;

    /// <summary>Turns of different conversations run at once. Most of a turn's time can be spent waiting for the
    /// channel to take its replies, so this is well above the core count.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentTurns { get; set; } = 64;

    /// <summary>How long one attempt to send an activity to a channel may take; a timeout is retried like a 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
