using Google.Protobuf.Collections;

namespace ChatBot.QdrantDouble;

/// <summary>
/// The inverted index of one sparse vector over a collection's points, as Qdrant keeps one: for each index, the points
/// that use it and their values. A query visits only the points sharing one of its indices, and the IDF modifier's
/// document frequencies are the postings' lengths.
/// </summary>
internal sealed class SparseIndex
{
    private readonly Dictionary<uint, List<(StoredPoint Point, float Value)>> _postings = [];
    private int _points;

    public static SparseIndex Of(IEnumerable<StoredPoint> points, string name)
    {
        var index = new SparseIndex();
        foreach (var point in points)
        {
            if (point.Vectors.TryGetValue(name, out var vector))
            {
                index._points++;
                for (var i = 0; i < vector.SparseIndices!.Length; i++)
                {
                    var at = vector.SparseIndices[i];
                    (index._postings.TryGetValue(at, out var postings) ? postings : index._postings[at] = []).Add((point, vector.SparseValues![i]));
                }
            }
        }

        return index;
    }

    /// <summary>The dot product of the query with every point sharing an index with it, each index weighted, with the
    /// modifier, by Qdrant's IDF: ln(1 + (N - n + 0.5) / (n + 0.5)), N the points with this vector, n those using the
    /// index.</summary>
    public Dictionary<StoredPoint, double> Scores(RepeatedField<uint> indices, RepeatedField<float> values, bool idf)
    {
        var scores = new Dictionary<StoredPoint, double>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < indices.Count; i++)
        {
            if (!_postings.TryGetValue(indices[i], out var postings))
            {
                continue;
            }

            var weight = values[i] * (idf ? Math.Log(1 + ((_points - postings.Count + 0.5) / (postings.Count + 0.5))) : 1.0);
            foreach (var (point, value) in postings)
            {
                scores[point] = scores.GetValueOrDefault(point) + (weight * value);
            }
        }

        return scores;
    }
}
