using System.ComponentModel.DataAnnotations;

namespace ChatBot.Knowledge.Index;

/// <summary>Which store holds the passages.</summary>
public enum VectorStoreProvider
{
    /// <summary>In process, persisted to a snapshot file: no server needed.</summary>
    Embedded,

    /// <summary>A Qdrant server or cluster, over gRPC.</summary>
    Qdrant,
}

/// <summary>The store choice; each store has its own section below this one.</summary>
public sealed class VectorStoreOptions
{
    public const string Section = "VectorStore";

    public VectorStoreProvider Provider { get; set; } = VectorStoreProvider.Embedded;

    /// <summary>Wait before trying an unreachable store again; it doubles after each failure up to
    /// <see cref="MaxReconnectDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);
}
