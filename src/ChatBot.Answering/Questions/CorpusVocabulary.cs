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

    public bool IsEmpty => _counts.Count == 0;

    public bool Contains(string word) => _counts.ContainsKey(word);

    public int CountOf(string word) => _counts.GetValueOrDefault(word);

    public IEnumerable<string> Words => _counts.Keys;

    /// <summary>True when some word of the corpus has the keyword term (stem) <paramref name="term"/>.</summary>
    public bool ContainsTerm(string term) => _stems.Contains(term);

    /// <summary>Replaces the vocabulary with the words of <paramref name="documents"/>.</summary>
    public void Load(IEnumerable<CleanDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var paragraph in documents.SelectMany(d => d.Paragraphs.Append(new Paragraph(d.Title, 0, 0))))
        {
            foreach (var word in TermTokenizer.Words(paragraph.Text))
            {
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }
        }

        _stems = counts.Keys.Select(TermTokenizer.Stem).ToFrozenSet(StringComparer.Ordinal);
        _counts = counts.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
