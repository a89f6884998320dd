namespace ChatBot.Knowledge.Index.Embedded;

/// <summary>The best few of many scores without sorting them all: a heap of the <c>k</c> best so far.</summary>
internal static class TopK
{
    /// <summary>Indexes 0…<paramref name="count"/>-1 by score, best first, equal scores in <paramref name="order"/>
    /// (lower first); at most <paramref name="k"/>, and only positive scores when <paramref name="positiveOnly"/>.</summary>
    public static int[] Of(int count, Func<int, double> score, int[] order, int k, bool positiveOnly)
    {
        // The heap's root is the worst of those kept: the lowest score, and of equal scores the latest in order.
        var heap = new PriorityQueue<int, (double Score, int Order)>(k + 1, Comparer<(double Score, int Order)>.Create(
            (a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : b.Order.CompareTo(a.Order)));
        for (var i = 0; i < count; i++)
        {
            var s = score(i);
            if (positiveOnly && !(s > 0))
            {
                continue;
            }

            heap.Enqueue(i, (s, order[i]));
            if (heap.Count > k)
            {
                heap.Dequeue();
            }
        }

        var best = new int[heap.Count];
        for (var at = best.Length - 1; at >= 0; at--)
        {
            best[at] = heap.Dequeue();
        }

        return best;
    }
}
