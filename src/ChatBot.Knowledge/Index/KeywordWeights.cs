using System.Collections.Frozen;
using ChatBot.Knowledge.Text;

namespace ChatBot.Knowledge.Index;

/// <summary>
/// BM25, split the way Qdrant's sparse vectors with the IDF modifier need it: the passage side (saturated term
/// frequency) is computed from the passage alone, the query side from the question and the index vocabulary, and the
/// inverse document frequency from index statistics (in process for the embedded store, by the server for Qdrant).
/// Both stores use these weights, so they score keywords alike.
/// </summary>
public static class KeywordWeights
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    /// <summary>
    /// The length passages are normalised against. Classic BM25 uses the index's average length, but then adding a
    /// document would change every other passage's weights; a fixed length keeps each passage's sparse vector its own
    /// (as Qdrant's BM25 does). It is about the term count of a passage at the chunker's target size.
    /// </summary>
    public const double ReferenceLength = 60;

    /// <summary>Weight of a query term that matches a vocabulary term only as a typo or related form.</summary>
    private const double RelatedTermWeight = 0.8;

    /// <summary>Each distinct term of a passage with its saturated, length-normalised frequency.</summary>
    public static Dictionary<string, double> ForPassage(string text)
    {
        var terms = TermTokenizer.Terms(text);
        var norm = K1 * (1 - B + (B * terms.Count / ReferenceLength));
        return terms.GroupBy(t => t, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count() * (K1 + 1) / (g.Count() + norm), StringComparer.Ordinal);
    }

    /// <summary>The BM25 inverse document frequency, in the form Qdrant's IDF modifier uses.</summary>
    public static double Idf(long passages, long containing) =>
        Math.Log(1 + ((passages - containing + 0.5) / (containing + 0.5)));

    /// <summary>
    /// The terms a question searches for, each with a weight: 1 for its own terms, less for a correction. Terms not in
    /// the vocabulary are also matched to terms a typo or a shared stem away, and adjacent words are tried joined
    /// ("data base" finds "database"), so misspelt and respaced questions still find their passage. The question's
    /// own terms always go along: a shared index may hold passages added since the vocabulary was read, and a term no
    /// passage has scores nothing.
    /// </summary>
    public static IReadOnlyDictionary<string, double> ForQuery(string query, FrozenSet<string> vocabulary)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var matched = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var term in TermTokenizer.Terms(query))
        {
            matched[term] = 1.0;
            if (vocabulary.Contains(term))
            {
                continue;
            }

            foreach (var candidate in vocabulary.Where(c => TermMatch.Related(term, c)))
            {
                matched[candidate] = Math.Max(matched.GetValueOrDefault(candidate), RelatedTermWeight);
            }
        }

        var words = TermTokenizer.Words(query).ToList();
        for (var i = 0; i + 1 < words.Count; i++)
        {
            var joined = TermTokenizer.Stem(words[i] + words[i + 1]);
            if (vocabulary.Contains(joined))
            {
                matched[joined] = 1.0;
            }
        }

        return matched;
    }

    /// <summary>A term's dimension in a sparse vector: a stable 32-bit FNV-1a hash of its UTF-16 code units, the same on
    /// every machine and run (string.GetHashCode is randomised per process).</summary>
    public static uint Dimension(string term)
    {
        ArgumentNullException.ThrowIfNull(term);
        var hash = 2166136261u;
        foreach (var c in term)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
