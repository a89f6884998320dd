using System.Numerics;

namespace ChatBot.Knowledge.Index.Embedded;

/// <summary>
/// One bit per dimension: whether a vector lies above the index's mean vector there. MiniLM's vectors share a large
/// common component, so the sign of the raw values says little; centred, the share of differing bits tracks the angle
/// between two vectors closely enough to pick a few thousand candidates out of hundreds of thousands, which are then
/// scored exactly. 384 dimensions take 48 bytes instead of 1,536.
/// </summary>
internal static class BinaryCodes
{
    public static int WordsPer(int dimensions) => (dimensions + 63) / 64;

    public static void Encode(ReadOnlySpan<float> vector, ReadOnlySpan<float> mean, Span<ulong> code)
    {
        code.Clear();
        for (var d = 0; d < vector.Length; d++)
        {
            if (vector[d] > mean[d])
            {
                code[d >> 6] |= 1UL << (d & 63);
            }
        }
    }

    /// <summary>The rows whose codes differ least from <paramref name="query"/>: at least <paramref name="count"/> of
    /// them (all rows sharing the cut-off distance come along), in row order.</summary>
    public static List<int> Nearest(ReadOnlySpan<ulong> codes, ReadOnlySpan<ulong> query, int count)
    {
        var words = query.Length;
        var rows = codes.Length / words;
        var distances = new ushort[rows];
        var histogram = new int[(words * 64) + 1];
        for (var row = 0; row < rows; row++)
        {
            var distance = 0;
            var code = codes.Slice(row * words, words);
            for (var w = 0; w < words; w++)
            {
                distance += BitOperations.PopCount(code[w] ^ query[w]);
            }

            distances[row] = (ushort)distance;
            histogram[distance]++;
        }

        // A counting selection: the smallest distance that, with all below it, reaches the count.
        var cut = 0;
        for (var taken = 0; cut < histogram.Length && taken < count; cut++)
        {
            taken += histogram[cut];
        }

        var nearest = new List<int>(count * 2);
        for (var row = 0; row < rows; row++)
        {
            if (distances[row] < cut)
            {
                nearest.Add(row);
            }
        }

        return nearest;
    }
}
