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

    public static CleanDocument Clean(SourceDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var (paragraphs, discoveredTitle) = document.Format switch
        {
            DocumentFormat.Markdown => MarkdownReader.Read(document.Text),
            DocumentFormat.Html => HtmlReader.Read(document.Text),
            _ => (PlainTextReader.Read(document.Text), null),
        };

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var kept = new List<Paragraph>(paragraphs.Count);
        string? leadingHeading = null;
        foreach (var paragraph in paragraphs)
        {
            if (!seen.Add(Normalise(paragraph.Text)))
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

        var title = FirstNonEmpty(document.Title, discoveredTitle, leadingHeading) ?? TitleFromFileName(document.FileName);
        return new CleanDocument(document, title, kept);
    }

    /// <summary>True when a block reads as a heading, a button or a navigation line rather than prose.</summary>
    public static bool IsChrome(Paragraph paragraph)
    {
        ArgumentNullException.ThrowIfNull(paragraph);
        if (paragraph.IsListItem)
        {
            return false;
        }

        var text = paragraph.Text.Trim();
        return !SentencePunctuation().IsMatch(text) && WordCount(text) <= MaxChromeWords;
    }

    private static int WordCount(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

    private static string Normalise(string text) => WhiteSpace.Collapse(text);

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

    private static string TitleFromFileName(string fileName)
    {
        var name = Path.GetFileNameWithoutExtension(fileName).Replace('-', ' ').Replace('_', ' ');
        return name.Length == 0 ? fileName : char.ToUpperInvariant(name[0]) + name[1..];
    }

    [GeneratedRegex(@"[.!?…][""'”’)\]]*(\s|$)")]
    private static partial Regex SentencePunctuation();
}
