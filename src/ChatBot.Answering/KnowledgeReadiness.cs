namespace ChatBot.Answering;

/// <summary>Whether the bot can answer yet: the embedding model loaded and the index built or loaded and reachable.</summary>
public sealed class KnowledgeReadiness
{
    // The state and its reason are replaced together, so a reader never pairs one state with another's reason.
    private volatile Phase _phase = new("starting", null);
    private volatile TaskCompletionSource _outage = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool ModelLoaded { get; private set; }

    public bool IndexReady { get; private set; }

    public bool IsReady => ModelLoaded && IndexReady;

    /// <summary>A short human-readable state, including the reason when start-up failed or the store is out of reach.
    /// The reason may name paths and endpoints, so it is for logs and the operator's command line only.</summary>
    public string Status
    {
        get
        {
            var phase = _phase;
            return phase.Reason is null ? phase.State : $"{phase.State}: {phase.Reason}";
        }
    }

    /// <summary>The state without its reason, safe to show anyone: starting, preparing index, ready, failed or store
    /// unavailable.</summary>
    public string State => _phase.State;

    public long Passages { get; private set; }

    /// <summary>Completes when the store is found unreachable after the index was ready, so it can be watched for.</summary>
    public Task WaitForOutageAsync(CancellationToken cancellationToken) => _outage.Task.WaitAsync(cancellationToken);

    internal void MarkModelLoaded()
    {
        ModelLoaded = true;
        _phase = new Phase("preparing index", null);
    }

    internal void MarkIndexReady(long passages)
    {
        Passages = passages;
        _outage = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        IndexReady = true;
        _phase = new Phase("ready", null);
    }

    internal void MarkFailed(string reason)
    {
        IndexReady = false;
        _phase = new Phase("failed", reason);
    }

    internal void MarkStoreUnavailable(string reason)
    {
        IndexReady = false;
        _phase = new Phase("store unavailable", reason);
        _outage.TrySetResult();
    }

    private sealed record Phase(string State, string? Reason);
}
