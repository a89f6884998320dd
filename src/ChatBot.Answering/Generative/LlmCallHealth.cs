namespace ChatBot.Answering.Generative;

/// <summary>
/// How the model's calls have been going, from the answers themselves, so a readiness probe never spends a model call.
/// A failing model makes the bot degraded, not unready: it still answers, quoting the documents.
/// </summary>
public sealed class LlmCallHealth(TimeProvider time)
{
    private readonly Lock _gate = new();
    private DateTimeOffset? _failedAt;

    private string? _failure;

    public void Succeeded()
    {
        lock (_gate)
        {
            _failedAt = null;
            _failure = null;
        }
    }

    public void Failed(string kind)
    {
        lock (_gate)
        {
            _failedAt = time.GetUtcNow();
            _failure = kind;
        }
    }

    /// <summary>Null while the model answers; otherwise what went wrong with its last call.</summary>
    public string? Problem
    {
        get
        {
            lock (_gate)
            {
                return _failedAt is null ? null : $"the model's last call failed ({_failure}); answers are quoted until it answers again";
            }
        }
    }
}
