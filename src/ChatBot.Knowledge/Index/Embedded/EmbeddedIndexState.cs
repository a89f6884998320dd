using System.Numerics.Tensors;

namespace ChatBot.Knowledge.Index.Embedded;

/// <summary>An immutable, searchable picture of the embedded index. Changes build a new one; readers never see a half.</summary>
internal sealed class EmbeddedIndexState
{
    private readonly float[] _matrix;
    private readonly int[] _rowOwner;
    private readonly Bm25Index _keywords;

    // Equal scores are ordered by passage id (the canonical UUID text), as the Qdrant test double orders equal scores by
    // point id, so that both stores rank ties alike.
    private readonly int[] _idOrder;

    public EmbeddedIndexState(IndexManifest? manifest, IReadOnlyList<IndexedPassage> passages)
    {
        Manifest = manifest;
        Passages = passages;
        var dimensions = manifest?.Dimensions ?? 0;
        var rows = passages.Sum(p => 1 + p.SentenceVectors.Count);
        _matrix = new float[rows * dimensions];
        _rowOwner = new int[rows];
        var row = 0;
        for (var i = 0; i < passages.Count; i++)
        {
            foreach (var vector in passages[i].SentenceVectors.Prepend(passages[i].Vector))
            {
                vector.CopyTo(_matrix.AsSpan(row * dimensions, dimensions));
                _rowOwner[row++] = i;
            }
        }

        _keywords = new Bm25Index([.. passages.Select(p => p.Passage.SearchText)]);
        _idOrder = new int[passages.Count];
        var byId = Enumerable.Range(0, passages.Count).OrderBy(i => passages[i].Passage.Id.ToString(), StringComparer.Ordinal).ToArray();
        for (var position = 0; position < byId.Length; position++)
        {
            _idOrder[byId[position]] = position;
        }
    }

    public static EmbeddedIndexState Empty { get; } = new(null, []);

    public IndexManifest? Manifest { get; }

    public IReadOnlyList<IndexedPassage> Passages { get; }

    public IReadOnlyList<PassageHit> Search(HybridQuery query, CancellationToken cancellationToken)
    {
        if (Passages.Count == 0 || Manifest is null)
        {
            return [];
        }

        query.ValidateDimensions(Manifest.Dimensions);

        var dense = new double[Passages.Count];
        Array.Fill(dense, double.NegativeInfinity);
        var dimensions = Manifest.Dimensions;
        var q = query.Vector.Span;
        for (var row = 0; row < _rowOwner.Length; row++)
        {
            var similarity = TensorPrimitives.Dot(q, _matrix.AsSpan(row * dimensions, dimensions));
            var owner = _rowOwner[row];
            if (similarity > dense[owner])
            {
                dense[owner] = similarity;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var keyword = _keywords.Score(query.Text);
        var candidates = HybridSearch.CandidateCount(query.Top);
        var denseRanking = Rank(dense, candidates, includeZero: true);
        var keywordRanking = Rank(keyword, candidates, includeZero: false);
        var fused = new double[Passages.Count];
        ReciprocalRankFusion.Accumulate(denseRanking, fused);
        ReciprocalRankFusion.Accumulate(keywordRanking, fused);

        return [.. Enumerable.Range(0, Passages.Count)
            .Where(i => fused[i] > 0)
            .OrderByDescending(i => fused[i])
            .ThenByDescending(i => dense[i])
            .ThenBy(i => _idOrder[i])
            .Take(query.Top)
            .Select(i => new PassageHit(Passages[i], fused[i], dense[i], keyword[i]))];
    }

    private int[] Rank(double[] scores, int limit, bool includeZero) =>
        [.. Enumerable.Range(0, scores.Length)
            .Where(i => includeZero || scores[i] > 0)
            .OrderByDescending(i => scores[i])
            .ThenBy(i => _idOrder[i])
            .Take(limit)];
}
