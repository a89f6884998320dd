namespace ChatBot.Knowledge.Index;

/// <summary>
/// Where passages and their vectors are kept and searched. The embedded store and the Qdrant store implement it, and one
/// contract test suite holds both to the same behaviour.
/// </summary>
public interface IPassageStore
{
    /// <summary>Where the index is, for messages ("Qdrant collection 'x' at http://…").</summary>
    string Description { get; }

    /// <summary>What kind of store this is ("embedded", "qdrant"), for places anyone can read, such as <c>/readyz</c>.</summary>
    string Kind { get; }

    /// <summary>
    /// True when the index lives outside this process and may serve other instances: then an index of another embedding
    /// model is never replaced implicitly, only by an explicit rebuild.
    /// </summary>
    bool IsShared { get; }

    /// <summary>The index's model and documents, or null when nothing has been indexed yet.</summary>
    Task<IndexManifest?> GetManifestAsync(CancellationToken cancellationToken = default);

    /// <summary>Applies one ingestion's changes. A failure leaves the index as it was before the call.</summary>
    Task ApplyAsync(IndexChanges changes, CancellationToken cancellationToken = default);

    /// <summary>Dense and keyword search fused by reciprocal rank, best first.</summary>
    Task<IReadOnlyList<PassageHit>> SearchAsync(HybridQuery query, CancellationToken cancellationToken = default);

    /// <summary>How many passages the index holds.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken = default);
}
