using System.ComponentModel.DataAnnotations;

namespace ChatBot.BotFramework.DirectLine;

/// <summary>Settings of the built-in Direct Line 3.0 endpoint that lets the web chat widget talk to the bot with no cloud.</summary>
public sealed class DirectLineOptions : IValidatableObject
{
    public const string Section = "DirectLine";

    /// <summary>Serve <c>/v3/directline/…</c> and <c>/api/directline/token</c>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long a conversation token is valid; clients refresh it before then.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A conversation with no activity for this long is forgotten.</summary>
    public TimeSpan IdleExpiry { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Conversations kept at once; the least recently active is dropped first.</summary>
    [Range(1, 1_000_000)]
    public int MaxConversations { get; set; } = 1000;

    /// <summary>New conversations (tokens from <c>/api/directline/token</c>) one client address may open per minute;
    /// beyond that 429 with Retry-After. It keeps a flood from one address from evicting other users' conversations.
    /// 0 turns the limit off. Behind a reverse proxy every client shares the proxy's address, so raise it or turn it
    /// off there.</summary>
    [Range(0, 1_000_000)]
    public int NewConversationsPerMinute { get; set; } = 30;

    /// <summary>Activities kept per conversation for polling and reconnects.</summary>
    [Range(10, 100_000)]
    public int MaxActivitiesPerConversation { get; set; } = 500;

    /// <summary>History one conversation keeps, in bytes of its JSON; the oldest activities are dropped past it.</summary>
    [Range(16 * 1024, 64L * 1024 * 1024)]
    public long MaxHistoryBytesPerConversation { get; set; } = 256 * 1024;

    /// <summary>History all conversations keep together, in bytes; past it the least recently active conversations end.</summary>
    [Range(64 * 1024, 16L * 1024 * 1024 * 1024)]
    public long MaxTotalHistoryBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Activities one poll or socket replay returns; a client further behind reads again from the watermark.</summary>
    [Range(1, 10_000)]
    public int MaxActivitiesPerRead { get; set; } = 100;

    /// <summary>Largest activity a web client may post, in bytes: a chat message with room to spare.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxActivityBytes { get; set; } = 32 * 1024;

    /// <summary>Entities a posted activity may carry (Web Chat sends one or two).</summary>
    [Range(0, 1000)]
    public int MaxEntities { get; set; } = 16;

    /// <summary>Attachments a posted activity may carry.</summary>
    [Range(0, 1000)]
    public int MaxAttachments { get; set; } = 8;

    /// <summary>Activities one conversation (one token) may post per minute; past it 429 with Retry-After.</summary>
    [Range(1, 100_000)]
    public int PostsPerMinute { get; set; } = 30;

    /// <summary>WebSockets open at once over all conversations; past it a new one is refused with 503.</summary>
    [Range(1, 1_000_000)]
    public int MaxSockets { get; set; } = 500;

    /// <summary>Frames waiting for a slow WebSocket client; past this the socket is closed (the client reconnects
    /// and catches up from its watermark), so the server never buffers without bound.</summary>
    [Range(1, 10_000)]
    public int SocketBufferFrames { get; set; } = 100;

    /// <summary>An empty frame is sent this often so idle sockets are not cut by proxies.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>An Azure Direct Line secret. When set, the page talks to Azure Direct Line: the token endpoint exchanges
    /// the secret for a conversation token there, and the secret never reaches the browser.</summary>
    public string? Secret { get; set; }

    /// <summary>Azure Direct Line's base address (regional endpoints differ; tests point it at a stand-in).</summary>
    public string AzureEndpoint { get; set; } = "https://directline.botframework.com/v3/directline";

    /// <summary>Base64 HMAC key for tokens, at least <see cref="MinSigningKeyBytes"/> bytes. Empty: a random key per process
    /// (tokens end with the process). Instances sharing conversations must share it, or a token from one fails on another.</summary>
    public string? SigningKey { get; set; }

    /// <summary>The least key length for HMAC-SHA256 (its output size); a shorter key is refused at start-up.</summary>
    public const int MinSigningKeyBytes = 32;

    /// <summary>The decoded signing key; null when none is set or it is not base64.</summary>
    public byte[]? SigningKeyBytes()
    {
        if (string.IsNullOrWhiteSpace(SigningKey))
        {
            return null;
        }

        var buffer = new byte[SigningKey.Length];
        return Convert.TryFromBase64String(SigningKey.Trim(), buffer, out var length) ? buffer[..length] : null;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(SigningKey) && SigningKeyBytes() is not { Length: >= MinSigningKeyBytes })
        {
            yield return new ValidationResult(
                $"DirectLine:SigningKey must be base64 of at least {MinSigningKeyBytes} random bytes (for example: openssl rand -base64 32).",
                [nameof(SigningKey)]);
        }
    }
}
