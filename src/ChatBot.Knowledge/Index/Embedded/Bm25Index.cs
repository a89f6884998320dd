using System.Collections.Frozen;
using ChatBot.Knowledge.Text;

namespace ChatBot.Knowledge.Index.Embedded;

/// <summary>
/// An in-memory BM25 keyword index over passages. Query terms that are not in the vocabulary are matched to vocabulary
/// terms one or two edits away, and adjacent query words are also tried joined ("cease fire" finds "ceasefire"), so
/// typos and spacing variants still find their passage.
/// </summary>
public sealed class Bm25Index
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly FrozenDictionary<string, (int Doc, int Count)[]> _postings;
    private readonly int[] _lengths;
    private readonly double _averageLength;

    public Bm25Index(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var postings = new Dictionary<string, List<(int, int)>>(StringComparer.Ordinal);
        _lengths = new int[texts.Count];
        for (var doc = 0; doc < texts.Count; doc++)
        {
            var terms = TermTokenizer.Terms(texts[doc]);
            _lengths[doc] = terms.Count;
            foreach (var group in terms.GroupBy(t => t, StringComparer.Ordinal))
            {
                if (!postings.TryGetValue(group.Key, out var list))
                {
                    postings[group.Key] = list = [];
                }

                list.Add((doc, group.Count()));
            }
        }

        _postings = postings.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        _averageLength = _lengths.Length == 0 ? 0 : Math.Max(1.0, _lengths.Average());
    }

    public int Count => _lengths.Length;

    /// <summary>The BM25 score of every passage for <paramref name="query"/> (zero where no term matches).</summary>
    public double[] Score(string query)
    {
        var scores = new double[_lengths.Length];
        foreach (var (term, weight) in QueryTerms(query))
        {
            var postings = _postings[term];
            var idf = Math.Log(1 + ((_lengths.Length - postings.Length + 0.5) / (postings.Length + 0.5)));
            foreach (var (doc, count) in postings)
            {
                var tf = count * (K1 + 1) / (count + (K1 * (1 - B + (B * _lengths[doc] / _averageLength))));
                scores[doc] += weight * idf * tf;
            }
        }

        return scores;
    }

    /// <summary>The vocabulary terms a query matches, each with a weight: 1 for an exact term, less for a correction.</summary>
    public IEnumerable<(string Term, double Weight)> QueryTerms(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var matched = new Dictionary<string, double>(StringComparer.Ordinal);
        var words = TermTokenizer.Words(query).ToList();
        var terms = TermTokenizer.Terms(query);
        foreach (var term in terms)
        {
            Match(term, matched);
        }

        for (var i = 0; i + 1 < words.Count; i++)
        {
            var joined = TermTokenizer.Stem(words[i] + words[i + 1]);
            if (_postings.ContainsKey(joined))
            {
                matched[joined] = 1.0;
            }
        }

        return matched.Select(kv => (kv.Key, kv.Value));
    }

    private void Match(string term, Dictionary<string, double> matched)
    {
        if (_postings.ContainsKey(term))
        {
            matched[term] = 1.0;
            return;
        }

        foreach (var candidate in _postings.Keys.Where(c => TermMatch.Related(term, c)))
        {
            matched[candidate] = Math.Max(matched.GetValueOrDefault(candidate), 0.8);
        }
    }
}
