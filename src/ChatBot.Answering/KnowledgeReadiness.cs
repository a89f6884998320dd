namespace ChatBot.Answering;

/// <summary>Whether the bot can answer yet: the embedding model loaded and the index built or loaded and reachable.</summary>
public sealed class KnowledgeReadiness
{
    private volatile string _status = "starting";
    private volatile string _state = "starting";
    private volatile TaskCompletionSource _outage = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool ModelLoaded { get; private set; }

    public bool IndexReady { get; private set; }

    public bool IsReady => ModelLoaded && IndexReady;

    /// <summary>A short human-readable state, including the reason when start-up failed or the store is out of reach.
    /// The reason may name paths and endpoints, so it is for logs and the operator's command line only.</summary>
    public string Status => _status;

    /// <summary>The state without its reason, safe to show anyone: starting, preparing index, ready, failed or store
    /// unavailable.</summary>
    public string State => _state;

    public long Passages { get; private set; }

    /// <summary>Completes when the store is found unreachable after the index was ready, so it can be watched for.</summary>
    public Task WaitForOutageAsync(CancellationToken cancellationToken) => _outage.Task.WaitAsync(cancellationToken);

    internal void MarkModelLoaded()
    {
        ModelLoaded = true;
        _status = "model loaded; preparing index";
        _state = "preparing index";
    }

    internal void MarkIndexReady(long passages)
    {
        Passages = passages;
        _outage = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        IndexReady = true;
        _status = "ready";
        _state = "ready";
    }

    internal void MarkFailed(string reason)
    {
        IndexReady = false;
        _status = "failed: " + reason;
        _state = "failed";
    }

    internal void MarkStoreUnavailable(string reason)
    {
        IndexReady = false;
        _status = "store unavailable: " + reason;
        _state = "store unavailable";
        _outage.TrySetResult();
    }
}
