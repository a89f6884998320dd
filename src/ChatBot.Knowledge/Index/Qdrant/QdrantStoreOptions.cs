using System.ComponentModel.DataAnnotations;

namespace ChatBot.Knowledge.Index.Qdrant;

/// <summary>Settings of the Qdrant store (used when <c>VectorStore:Provider</c> is <c>Qdrant</c>).</summary>
public sealed class QdrantStoreOptions
{
    public const string Section = "VectorStore:Qdrant";

    /// <summary>The gRPC endpoint (port 6334 by default); an https address uses TLS.</summary>
    [Required]
    [Url]
    public string Endpoint { get; set; } = "http://localhost:6334";

    /// <summary>Sent as the <c>api-key</c> header when set.</summary>
    public string? ApiKey { get; set; }

    /// <summary>SHA-256 thumbprint of the server certificate to trust, for a TLS endpoint with a self-signed certificate.</summary>
    public string? CertificateThumbprint { get; set; }

    [Required]
    [RegularExpression("^[A-Za-z0-9_-]{1,255}$", ErrorMessage = "A collection name is 1-255 letters, digits, '_' or '-'.")]
    public string Collection { get; set; } = "chatbot-passages";

    /// <summary>Deadline of one gRPC call.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Tries of one call that fails transiently (Unavailable, DeadlineExceeded), the first included.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Wait before the first retry; it doubles each time, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Passages (text and vectors) kept in process after they were first fetched, so a search transfers only point ids
    /// and scores. Point ids derive from the passage text, so a kept passage never goes stale; 0 fetches every time.
    /// </summary>
    [Range(0, 1_000_000)]
    public int PassageCacheSize { get; set; } = 4096;

    /// <summary>Points per upsert request.</summary>
    [Range(1, 10_000)]
    public int UpsertBatchSize { get; set; } = 64;
}
