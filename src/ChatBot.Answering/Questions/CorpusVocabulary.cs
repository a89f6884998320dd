using System.Collections.Frozen;
using System.Text.RegularExpressions;
using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Text;

namespace ChatBot.Answering.Questions;

/// <summary>The words of the corpus with their frequencies, used to repair a question's spelling and spacing against the
/// words the article actually uses.</summary>
public sealed partial class CorpusVocabulary
{
    private volatile FrozenDictionary<string, int> _counts = FrozenDictionary<string, int>.Empty;
    private volatile FrozenSet<string> _stems = FrozenSet<string>.Empty;
    private volatile FrozenDictionary<string, double> _paragraphShare = FrozenDictionary<string, double>.Empty;

    private volatile int _paragraphs;
    private volatile FrozenDictionary<string, string> _acronyms = FrozenDictionary<string, string>.Empty;

    /// <summary>The name an acronym the corpus does not use stands for, when the corpus writes a name with those initials
    /// ("UK" and "United Kingdom"); null otherwise.</summary>
    public string? Expand(string acronym) => _acronyms.GetValueOrDefault(acronym.ToLowerInvariant());

    private volatile FrozenDictionary<string, string> _aliases = FrozenDictionary<string, string>.Empty;

    /// <summary>The manifest's aliases (lower case) with the documents' own names for them.</summary>
    public IReadOnlyDictionary<string, string> Aliases => _aliases;

    public bool IsEmpty => _counts.Count == 0;

    public bool Contains(string word) => _counts.ContainsKey(word);

    public int CountOf(string word) => _counts.GetValueOrDefault(word);

    public IEnumerable<string> Words => _counts.Keys;

    /// <summary>True when some word of the corpus has the keyword term (stem) <paramref name="term"/>.</summary>
    public bool ContainsTerm(string term) => _stems.Contains(term);

    /// <summary>The share of the corpus's paragraphs that use the keyword term (stem) <paramref name="term"/>.</summary>
    public double ParagraphShare(string term) => _paragraphShare.GetValueOrDefault(term);

    /// <summary>How rare <paramref name="term"/> is among the corpus's paragraphs (inverse document frequency); a term
    /// the corpus never uses gets the highest value.</summary>
    public double Idf(string term) => Math.Log(1 + (1 / Math.Max(ParagraphShare(term), 1.0 / (_paragraphs + 1))));

    /// <summary>Replaces the vocabulary with the words of <paramref name="documents"/>.</summary>
    public void Load(IEnumerable<CleanDocument> documents, IReadOnlyDictionary<string, string>? aliases = null)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var paragraphsWithTerm = new Dictionary<string, int>(StringComparer.Ordinal);
        var paragraphs = 0;
        var acronyms = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var paragraph in documents.SelectMany(Blocks))
        {
            paragraphs++;
            foreach (Match name in CapitalisedRun().Matches(paragraph.Text))
            {
                var initials = string.Concat(name.Value.Split(' ').Where(w => char.IsUpper(w[0])).Select(w => char.ToLowerInvariant(w[0])));
                acronyms.TryAdd(initials, name.Value);
            }

            foreach (var word in TermTokenizer.Words(paragraph.Text))
            {
                counts[word] = counts.GetValueOrDefault(word) + 1;
            }

            foreach (var term in TermTokenizer.Terms(paragraph.Text).Distinct(StringComparer.Ordinal))
            {
                paragraphsWithTerm[term] = paragraphsWithTerm.GetValueOrDefault(term) + 1;
            }
        }

        _paragraphs = paragraphs;
        _acronyms = acronyms.ToFrozenDictionary(StringComparer.Ordinal);
        _aliases = (aliases ?? new Dictionary<string, string>())
            .Where(a => !string.IsNullOrWhiteSpace(a.Key) && !string.IsNullOrWhiteSpace(a.Value))
            .ToFrozenDictionary(a => a.Key.Trim().ToLowerInvariant(), a => a.Value.Trim(), StringComparer.Ordinal);
        _paragraphShare = paragraphsWithTerm.ToFrozenDictionary(kv => kv.Key, kv => kv.Value / (double)paragraphs, StringComparer.Ordinal);
        _stems = counts.Keys.Select(TermTokenizer.Stem).ToFrozenSet(StringComparer.Ordinal);
        _counts = counts.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>A document's paragraphs, its title and its headings: all words a question may use to find it.</summary>
    private static IEnumerable<Paragraph> Blocks(CleanDocument document) =>
        document.Paragraphs
            .Append(new Paragraph(document.Title, 0, 0))
            .Concat(document.Paragraphs.Select(p => p.Heading).Where(h => h.Length > 0).Distinct(StringComparer.Ordinal).Select(h => new Paragraph(h, 0, 0)));

    // Two to four capitalised words in a row, possibly joined by "of" or "and": how names are written.
    [GeneratedRegex(@"\b\p{Lu}\p{Ll}+(?:\s+(?:(?:of|and|for)\s+)?\p{Lu}\p{Ll}+){1,3}\b")]
    private static partial Regex CapitalisedRun();
}
