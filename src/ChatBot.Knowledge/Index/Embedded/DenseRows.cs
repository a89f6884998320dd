using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using BitFaster.Caching.Lru;
using ChatBot.Knowledge.Passages;
using Microsoft.Win32.SafeHandles;

namespace ChatBot.Knowledge.Index.Embedded;

/// <summary>The vectors of an embedded index and its dense search: a passage scores the best similarity of the query
/// to its own vector or one of its sentences'.</summary>
internal abstract class DenseRows
{
    /// <summary>The passages that score best, at most <paramref name="limit"/>, with their scores, best first (equal
    /// scores in <paramref name="order"/>).</summary>
    public abstract List<(int Passage, double Score)> Top(ReadOnlySpan<float> query, int limit, int[] order);

    /// <summary>The exact score of one passage.</summary>
    public double Score(ReadOnlySpan<float> query, int passage) => Passage(passage).Similarity(query);

    /// <summary>A passage with its vectors.</summary>
    public abstract IndexedPassage Passage(int passage);
}

/// <summary>Every vector in memory, in one contiguous array, all scanned: exact, and fast while the index is small.</summary>
internal sealed class ExactRows(IReadOnlyList<IndexedPassage> passages, int dimensions) : DenseRows
{
    private readonly float[] _matrix = Matrix(passages, dimensions);
    private readonly int[] _rowOwner = [.. passages.SelectMany((p, i) => Enumerable.Repeat(i, 1 + p.SentenceVectors.Count))];

    public override List<(int Passage, double Score)> Top(ReadOnlySpan<float> query, int limit, int[] order)
    {
        var dense = new double[passages.Count];
        Array.Fill(dense, double.NegativeInfinity);
        for (var row = 0; row < _rowOwner.Length; row++)
        {
            var similarity = TensorPrimitives.Dot(query, _matrix.AsSpan(row * dimensions, dimensions));
            ref var best = ref dense[_rowOwner[row]];
            if (similarity > best)
            {
                best = similarity;
            }
        }

        return [.. TopK.Of(dense.Length, i => dense[i], order, limit, positiveOnly: false).Select(i => (i, dense[i]))];
    }

    public override IndexedPassage Passage(int passage) => passages[passage];

    private static float[] Matrix(IReadOnlyList<IndexedPassage> passages, int dimensions)
    {
        var matrix = new float[passages.Sum(p => 1 + p.SentenceVectors.Count) * dimensions];
        var row = 0;
        foreach (var vector in passages.SelectMany(p => p.Rows))
        {
            vector.CopyTo(matrix.AsSpan(row++ * dimensions, dimensions));
        }

        return matrix;
    }
}

/// <summary>
/// For a large index: the vectors stay in the snapshot file and only their binary codes (<see cref="BinaryCodes"/>) are
/// in memory, 32 times smaller. A query takes the <see cref="RescoredRows"/> rows whose codes are nearest and scores them
/// exactly from the file (positional reads, so the file's pages sit in the system's cache, not in this process), and
/// any passage it returns gets its exact score. The file stays open until the garbage collector finds this index
/// unreachable: searches may still run on it after the next snapshot has replaced the file.
/// </summary>
internal sealed class ApproximateRows : DenseRows
{
    /// <summary>Rows scored exactly per query; measured at 100,000 passages (500,000 rows), recall@5 against exact
    /// search is in the README's scale table.</summary>
    public const int RescoredRows = 2000;

    private const int CachedPassages = 256;

    private readonly List<Passage> _passages;
    private readonly int _dimensions;
    private readonly float[] _mean;
    private readonly ulong[] _codes;
    private readonly int[] _rowOwner;
    private readonly int[] _firstRow;
    private readonly SafeFileHandle _file;
    private readonly long _vectorsOffset;
    private readonly ConcurrentLru<int, IndexedPassage> _materialized = new(CachedPassages);

    public ApproximateRows(Snapshot snapshot, string path)
    {
        _passages = snapshot.Passages;
        _dimensions = snapshot.Manifest.Dimensions;
        _mean = snapshot.Mean;
        _codes = snapshot.Codes;
        _vectorsOffset = snapshot.VectorsOffset;
        _firstRow = new int[_passages.Count + 1];
        for (var i = 0; i < _passages.Count; i++)
        {
            _firstRow[i + 1] = _firstRow[i] + 1 + _passages[i].Sentences.Count;
        }

        _rowOwner = new int[_firstRow[^1]];
        for (var i = 0; i < _passages.Count; i++)
        {
            _rowOwner.AsSpan(_firstRow[i], _firstRow[i + 1] - _firstRow[i]).Fill(i);
        }

        _file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
    }

    public override List<(int Passage, double Score)> Top(ReadOnlySpan<float> query, int limit, int[] order)
    {
        var words = BinaryCodes.WordsPer(_dimensions);
        Span<ulong> code = stackalloc ulong[words];
        BinaryCodes.Encode(query, _mean, code);
        var best = new Dictionary<int, double>();
        var row = new float[_dimensions];
        foreach (var candidate in BinaryCodes.Nearest(_codes, code, RescoredRows))
        {
            ReadRows(candidate, row);
            var similarity = (double)TensorPrimitives.Dot(query, row);
            var owner = _rowOwner[candidate];
            if (!best.TryGetValue(owner, out var known) || similarity > known)
            {
                best[owner] = similarity;
            }
        }

        var passages = best.Keys.ToArray();
        return [.. TopK.Of(passages.Length, i => best[passages[i]], [.. passages.Select(p => order[p])], limit, positiveOnly: false)
            .Select(i => (passages[i], best[passages[i]]))];
    }

    public override IndexedPassage Passage(int passage)
    {
        if (_materialized.TryGet(passage, out var known))
        {
            return known;
        }

        var vectors = new float[(_firstRow[passage + 1] - _firstRow[passage]) * _dimensions];
        ReadRows(_firstRow[passage], vectors);
        var indexed = IndexedPassage.FromRows(_passages[passage], vectors, _dimensions);
        _materialized.AddOrUpdate(passage, indexed);
        return indexed;
    }

    private void ReadRows(int first, Span<float> into)
    {
        var bytes = MemoryMarshal.AsBytes(into);
        var offset = _vectorsOffset + ((long)first * _dimensions * sizeof(float));
        while (bytes.Length > 0)
        {
            var read = RandomAccess.Read(_file, bytes, offset);
            if (read == 0)
            {
                throw new IOException("The index snapshot ended inside its vectors.");
            }

            bytes = bytes[read..];
            offset += read;
        }
    }
}
