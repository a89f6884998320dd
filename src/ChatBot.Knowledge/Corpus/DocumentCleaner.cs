using System.Text.RegularExpressions;
using ChatBot.Knowledge.Text;

namespace ChatBot.Knowledge.Corpus;

/// <summary>
/// Turns a source document into the paragraphs worth answering from. Web pages copied as text carry debris: a photo
/// caption repeated, and share, review and navigation lines around the article. The rules here look at the shape of a
/// block, never at its words, so they hold for any news page: a block seen before is a repeat, and a short block
/// without sentence punctuation is a heading or page chrome, not prose.
/// </summary>
public static partial class DocumentCleaner
{
    /// <summary>Blocks of at most this many words without sentence punctuation are treated as headings or chrome.</summary>
    private const int MaxChromeWords = 8;

    /// <summary>A block of at most this many words seen twice in one document, not ending as a sentence, is chrome even
    /// with punctuation inside ("Image for illustration only. © The Review").</summary>
    private const int MaxRepeatedChromeWords = 2 * MaxChromeWords;

    public static CleanDocument Clean(SourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var (paragraphs, discoveredTitle) = document.Format switch
        {
            DocumentFormat.Markdown => MarkdownReader.Read(document.Text),
            DocumentFormat.Html => HtmlReader.Read(document.Text),
            _ => PlainTextReader.ReadStructured(document.Text),
        };

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var repeated = paragraphs.GroupBy(p => Normalise(p.Text), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => g.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var kept = new List<Paragraph>(paragraphs.Count);
        string? leadingHeading = null;
        foreach (var paragraph in paragraphs)
        {
            var text = Normalise(paragraph.Text);
            // A short block the page repeats that does not end as a sentence is its furniture (a credit line under
            // every picture), not a fact.
            if (!seen.Add(text) || (repeated.Contains(text) && WordCount(text) <= MaxRepeatedChromeWords && !EndsAsSentence().IsMatch(text)))
            {
                continue;
            }

            if (IsChrome(paragraph))
            {
                if (kept.Count == 0 && leadingHeading is null)
                {
                    leadingHeading = paragraph.Text;
                }

                continue;
            }

            kept.Add(paragraph);
        }

        AttachLeadIns(kept);
        var title = FirstNonEmpty(document.Title, discoveredTitle, leadingHeading) ?? TitleFromFileName(document.FileName);
        return new CleanDocument(document, title, kept);
    }

    /// <summary>True when a block reads as a heading, a button or a navigation line rather than prose.</summary>
    public static bool IsChrome(Paragraph paragraph)
    {
        ArgumentNullException.ThrowIfNull(paragraph);
        if (paragraph.Kind != BlockKind.Prose)
        {
            return false;
        }

        // A line ending in a colon introduces what follows ("If a device is lost or stolen:"); it is kept to head it.
        var text = paragraph.Text.Trim();
        return !text.EndsWith(':') && !SentencePunctuation().IsMatch(text) && WordCount(text) <= MaxChromeWords;
    }

    /// <summary>A list or table is usually introduced by the sentence before it ("The programme has five main parts:"):
    /// that sentence joins the structure's heading, so its items are found and read in its light. It also stays a
    /// sentence of its own, which may be the answer.</summary>
    private static void AttachLeadIns(List<Paragraph> paragraphs)
    {
        for (var i = 1; i < paragraphs.Count; i++)
        {
            var structure = paragraphs[i];
            var previous = paragraphs[i - 1];
            if (structure.Kind == BlockKind.Prose || previous.Kind != BlockKind.Prose || LeadIn.Of(previous.Text) is null)
            {
                continue;
            }

            var sentences = SentenceSplitter.Split(previous.Text);
            paragraphs[i] = structure with { Heading = LeadIn.Attach(structure.Heading, LeadIn.Of(sentences[^1].Of(previous.Text))!) };
        }
    }

    private static int WordCount(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static string Normalise(string text) => WhiteSpace.Collapse(text);

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

    private static string TitleFromFileName(string fileName)
    {
        var name = Path.GetFileNameWithoutExtension(fileName).Replace('-', ' ').Replace('_', ' ');
        return name.Length == 0 ? fileName : char.ToUpperInvariant(name[0]) + name[1..];
    }

    [GeneratedRegex(@"[.!?…:][""'”’)\]]*$")]
    private static partial Regex EndsAsSentence();

    [GeneratedRegex(@"[.!?…][""'”’)\]]*(\s|$)")]
    private static partial Regex SentencePunctuation();
}
