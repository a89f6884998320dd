using ChatBot.Knowledge.Passages;

namespace ChatBot.Knowledge.Index.Embedded;

/// <summary>An immutable, searchable picture of the embedded index. Changes build a new one; readers never see a half.</summary>
internal sealed class EmbeddedIndexState
{
    private readonly DenseRows? _rows;
    private readonly Bm25Index _keywords;

    // Equal scores are ordered by passage id (the canonical UUID text), as the Qdrant test double orders equal scores by
    // point id, so that both stores rank ties alike.
    private readonly int[] _idOrder;

    private EmbeddedIndexState(IndexManifest? manifest, IReadOnlyList<Passage> passages, DenseRows? rows)
    {
        Manifest = manifest;
        Passages = passages;
        _rows = rows;
        _keywords = new Bm25Index([.. passages.Select(p => p.SearchText)]);
        _idOrder = new int[passages.Count];
        var byId = Enumerable.Range(0, passages.Count).OrderBy(i => passages[i].Id.ToString(), StringComparer.Ordinal).ToArray();
        for (var position = 0; position < byId.Length; position++)
        {
            _idOrder[byId[position]] = position;
        }
    }

    /// <summary>An index whose vectors are all in memory.</summary>
    public EmbeddedIndexState(IndexManifest? manifest, IReadOnlyList<IndexedPassage> passages)
        : this(manifest, [.. passages.Select(p => p.Passage)], manifest is null ? null : new ExactRows(passages, manifest.Dimensions))
    {
    }

    /// <summary>A large index whose vectors stay in the snapshot file <paramref name="path"/>.</summary>
    public static EmbeddedIndexState OnDisk(Snapshot snapshot, string path) =>
        new(snapshot.Manifest, snapshot.Passages, new ApproximateRows(snapshot, path));

    public static EmbeddedIndexState Empty { get; } = new(null, (IReadOnlyList<IndexedPassage>)[]);

    public IndexManifest? Manifest { get; }

    public IReadOnlyList<Passage> Passages { get; }

    /// <summary>Every passage with its vectors (read from the file for a large index).</summary>
    public IEnumerable<IndexedPassage> Indexed() => Enumerable.Range(0, Passages.Count).Select(i => _rows!.Passage(i));

    public IReadOnlyList<PassageHit> Search(HybridQuery query, CancellationToken cancellationToken)
    {
        if (Passages.Count == 0 || Manifest is null || _rows is null)
        {
            return [];
        }

        query.ValidateDimensions(Manifest.Dimensions);
        var candidates = HybridSearch.CandidateCount(query.Top);
        var dense = _rows.Top(query.Vector.Span, candidates, _idOrder);
        cancellationToken.ThrowIfCancellationRequested();
        var keyword = _keywords.Score(query.Text);
        var keywordRanking = TopK.Of(keyword.Length, i => keyword[i], _idOrder, candidates, positiveOnly: true);

        var fused = new Dictionary<int, double>();
        for (var rank = 0; rank < dense.Count; rank++)
        {
            fused[dense[rank].Passage] = ReciprocalRankFusion.Score(rank);
        }

        for (var rank = 0; rank < keywordRanking.Length; rank++)
        {
            fused[keywordRanking[rank]] = fused.GetValueOrDefault(keywordRanking[rank]) + ReciprocalRankFusion.Score(rank);
        }

        var denseScores = dense.ToDictionary(d => d.Passage, d => d.Score);
        double DenseOf(int i) => denseScores.TryGetValue(i, out var s) ? s : denseScores[i] = _rows.Score(query.Vector.Span, i);

        return [.. fused.Keys
            .OrderByDescending(i => fused[i])
            .ThenByDescending(DenseOf)
            .ThenBy(i => _idOrder[i])
            .Take(query.Top)
            .Select(i => new PassageHit(_rows.Passage(i), fused[i], _rows.Score(query.Vector.Span, i), keyword[i]))];
    }
}
