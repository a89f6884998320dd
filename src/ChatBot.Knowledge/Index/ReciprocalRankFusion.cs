namespace ChatBot.Knowledge.Index;

/// <summary>Fuses rankings by reciprocal rank (Cormack et al., 2009): each list adds 1 / (k + rank) for an item.</summary>
public static class ReciprocalRankFusion
{
    /// <summary>The constant from the paper, also Qdrant's default: it damps the weight of the very first ranks.</summary>
    public const int K = 60;

    /// <summary>Adds each ranking's contribution to <paramref name="scores"/>, keyed by item index.</summary>
    public static void Accumulate(ReadOnlySpan<int> ranking, Span<double> scores)
    {
        for (var rank = 0; rank < ranking.Length; rank++)
        {
            scores[ranking[rank]] += 1.0 / (K + rank + 1);
        }
    }
}
