using System.Collections.Frozen;
using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Text;

namespace ChatBot.Answering.Questions;

/// <summary>The words of the corpus with their frequencies, used to repair a question's spelling and spacing against the
/// words the article actually uses.</summary>
public sealed class CorpusVocabulary
{
    private volatile FrozenDictionary<string, int> _counts = FrozenDictionary<string, int>.Empty;
    private volatile FrozenSet<string> _stems = FrozenSet<string>.Empty;
    private volatile FrozenDictionary<string, double> _paragraphShare = FrozenDictionary<string, double>.Empty;

    public bool IsEmpty => _counts.Count == 0;

    public bool Contains(string word) => _counts.ContainsKey(word);

    public int CountOf(string word) => _counts.GetValueOrDefault(word);

    public IEnumerable<string> Words => _counts.Keys;

    /// <summary>True when some word of the corpus has the keyword term (stem) <paramref name="term"/>.</summary>
    public bool ContainsTerm(string term) => _stems.Contains(term);

    /// <summary>The share of the corpus's paragraphs that use the keyword term (stem) <paramref name="term"/>.</summary>
    public double ParagraphShare(string term) => _paragraphShare.GetValueOrDefault(term);

    /// <summary>Replaces the vocabulary with the words of <paramref name="documents"/>.</summary>
    public void Load(IEnumerable<CleanDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var paragraphsWithTerm = new Dictionary<string, int>(StringComparer.Ordinal);
        var paragraphs = 0;
        foreach (var paragraph in documents.SelectMany(d => d.Paragraphs.Append(new Paragraph(d.Title, 0, 0))))
        {
            paragraphs++;
            foreach (var word in TermTokenizer.Words(paragraph.Text))
            {
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }

            foreach (var term in TermTokenizer.Terms(paragraph.Text).Distinct(StringComparer.Ordinal))
            {
                paragraphsWithTerm[term] = paragraphsWithTerm.GetValueOrDefault(term) + 1;
            }
        }

        _paragraphShare = paragraphsWithTerm.ToFrozenDictionary(kv => kv.Key, kv => kv.Value / (double)paragraphs, StringComparer.Ordinal);
        _stems = counts.Keys.Select(TermTokenizer.Stem).ToFrozenSet(StringComparer.Ordinal);
        _counts = counts.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
