using System.ComponentModel.DataAnnotations;

namespace ChatBot.State.Redis;

/// <summary>Settings of the shared state kept in Redis when <c>ConnectionStrings:Redis</c> is set.</summary>
public sealed class RedisStateOptions
{
    public const string Section = "Redis";

    /// <summary>The connection string's name under <c>ConnectionStrings</c>.</summary>
    public const string ConnectionName = "Redis";

    /// <summary>Starts every key, so several bots (or environments) can share one Redis.</summary>
    [RegularExpression("^[A-Za-z0-9_.-]{1,40}$")]
    public string KeyPrefix { get; set; } = "chatbot";

    /// <summary>How long a sent answer is remembered for the feedback its reader may give on it.</summary>
    public TimeSpan AnswerRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Ratings kept (a Redis stream trimmed to about this length); each is bounded in bytes, so the stream is too.</summary>
    [Range(100, 10_000_000)]
    public int MaxFeedbackEntries { get; set; } = 100_000;
}
