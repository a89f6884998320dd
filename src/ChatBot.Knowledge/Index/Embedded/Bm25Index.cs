using System.Collections.Frozen;

namespace ChatBot.Knowledge.Index.Embedded;

/// <summary>An in-memory BM25 keyword index over passages, weighted by <see cref="KeywordWeights"/>.</summary>
public sealed class Bm25Index
{
    private readonly FrozenDictionary<string, (int Doc, double Weight)[]> _postings;
    private readonly FrozenSet<string> _vocabulary;

    public Bm25Index(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var postings = new Dictionary<string, List<(int, double)>>(StringComparer.Ordinal);
        for (var doc = 0; doc < texts.Count; doc++)
        {
            foreach (var (term, weight) in KeywordWeights.ForPassage(texts[doc]))
            {
                if (!postings.TryGetValue(term, out var list))
                {
                    postings[term] = list = [];
                }

                list.Add((doc, weight));
            }
        }

        Count = texts.Count;
        _postings = postings.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        _vocabulary = _postings.Keys.ToFrozenSet(StringComparer.Ordinal);
    }

    public int Count { get; }

    /// <summary>The BM25 score of every passage for <paramref name="query"/> (zero where no term matches).</summary>
    public double[] Score(string query)
    {
        var scores = new double[Count];
        foreach (var (term, queryWeight) in KeywordWeights.ForQuery(query, _vocabulary))
        {
            if (!_postings.TryGetValue(term, out var postings))
            {
                continue;
            }

            var idf = KeywordWeights.Idf(Count, postings.Length);
            foreach (var (doc, weight) in postings)
            {
                scores[doc] += queryWeight * idf * weight;
            }
        }

        return scores;
    }
}
