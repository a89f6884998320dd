namespace ChatBot.Answering;

/// <summary>Whether the bot can answer yet: the embedding model loaded and the index built or loaded.</summary>
public sealed class KnowledgeReadiness
{
    private volatile string _status = "starting";

    public bool ModelLoaded { get; private set; }

    public bool IndexReady { get; private set; }

    public bool IsReady => ModelLoaded && IndexReady;

    /// <summary>A short human-readable state, including the reason when start-up failed.</summary>
    public string Status => _status;

    public long Passages { get; private set; }

    internal void MarkModelLoaded()
    {
        ModelLoaded = true;
        _status = "model loaded; preparing index";
    }

    internal void MarkIndexReady(long passages)
    {
        Passages = passages;
        IndexReady = true;
        _status = "ready";
    }

    internal void MarkFailed(string reason)
    {
        IndexReady = false;
        _status = "failed: " + reason;
    }
}
