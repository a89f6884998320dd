namespace ChatBot.Knowledge.Index;

/// <summary>
/// Fuses rankings by reciprocal rank (Cormack et al., 2009) in Qdrant's form: each list adds 1 / (k + rank) for an
/// item, ranks counted from 0 (Qdrant's <c>position_score</c>, lib/segment/src/common/reciprocal_rank_fusion.rs). The
/// embedded store and the Qdrant store use this one <see cref="K"/>, so both rank near ties alike.
/// </summary>
public static class ReciprocalRankFusion
{
    /// <summary>The paper's k = 60 with ranks counted from 1 is k = 61 with ranks from 0; it damps the weight of the
    /// very first ranks. (Qdrant's own default is 2, so the store always sends this value.)</summary>
    public const int K = 61;

    /// <summary>One list's contribution for the item at <paramref name="rank"/> (0 for the first).</summary>
    public static double Score(int rank) => 1.0 / (K + rank);

    /// <summary>Adds each ranking's contribution to <paramref name="scores"/>, keyed by item index.</summary>
    public static void Accumulate(ReadOnlySpan<int> ranking, Span<double> scores)
    {
        for (var rank = 0; rank < ranking.Length; rank++)
        {
            scores[ranking[rank]] += Score(rank);
        }
    }
}
