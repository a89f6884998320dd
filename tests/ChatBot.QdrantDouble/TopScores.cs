namespace ChatBot.QdrantDouble;

/// <summary>The best <c>limit</c> scored points seen, highest score first and ties in id order, kept in a heap of that
/// size rather than by sorting every point scored.</summary>
internal sealed class TopScores(int limit)
{
    // The heap's root is the worst point kept: the lowest score, and among equal scores the last id.
    private static readonly Comparer<(double Score, string Key)> Worst = Comparer<(double Score, string Key)>.Create((a, b) =>
        a.Score != b.Score ? a.Score.CompareTo(b.Score) : string.CompareOrdinal(b.Key, a.Key));

    private readonly PriorityQueue<StoredPoint, (double Score, string Key)> _heap = new(Worst);

    public void Offer(StoredPoint point, double score)
    {
        if (limit <= 0)
        {
            return;
        }

        if (_heap.Count < limit)
        {
            _heap.Enqueue(point, (score, point.Key));
        }
        else if (_heap.TryPeek(out _, out var worst) && Worst.Compare((score, point.Key), worst) > 0)
        {
            _heap.EnqueueDequeue(point, (score, point.Key));
        }
    }

    public List<(StoredPoint Point, double Score)> Ranked()
    {
        var ranked = new List<(StoredPoint Point, double Score)>(_heap.Count);
        while (_heap.TryDequeue(out var point, out var priority))
        {
            ranked.Add((point, priority.Score));
        }

        ranked.Reverse();
        return ranked;
    }
}
