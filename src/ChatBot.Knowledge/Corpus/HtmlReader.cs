using System.Net;
using System.Text.RegularExpressions;
using ChatBot.Knowledge.Text;

namespace ChatBot.Knowledge.Corpus;

/// <summary>Reads paragraphs from an HTML page: the text of its block elements, leaving out scripts, styles and the
/// page's navigation, header, footer and side bars. The page's <c>&lt;title&gt;</c> or first <c>&lt;h1&gt;</c> is
/// offered as the document's title.</summary>
internal static partial class HtmlReader
{
    public static (List<Paragraph> Paragraphs, string? Title) Read(string html)
    {
        var masked = MaskChrome(html);
        var paragraphs = new List<Paragraph>();
        foreach (Match block in Block().Matches(masked))
        {
            var tag = block.Groups["tag"].Value.ToLowerInvariant();
            if (tag is "h1" or "h2" or "h3" or "h4" or "h5" or "h6")
            {
                continue;
            }

            var text = ToText(block.Groups["body"].Value);
            if (text.Length > 0)
            {
                paragraphs.Add(new Paragraph(text, block.Index, block.Index + block.Length, IsListItem: tag == "li"));
            }
        }

        var titleMatch = Title().Match(html);
        var h1Match = H1().Match(masked);
        var title = titleMatch.Success ? ToText(titleMatch.Groups[1].Value) : h1Match.Success ? ToText(h1Match.Groups[1].Value) : null;
        return (paragraphs, string.IsNullOrEmpty(title) ? null : title);
    }

    private static string MaskChrome(string html) =>
        // Chrome is blanked with spaces of the same length, so offsets of what remains still point into the original.
        Chrome().Replace(Comment().Replace(html, Blank), Blank);

    private static string Blank(Match m) => new(' ', m.Length);

    private static string ToText(string fragment)
    {
        var text = Tag().Replace(fragment, " ");
        text = WebUtility.HtmlDecode(text);
        return WhiteSpace.Collapse(text);
    }

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comment();

    [GeneratedRegex(@"<(script|style|noscript|template|svg|nav|header|footer|aside|form|button|select)\b[^>]*>.*?</\1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Chrome();

    [GeneratedRegex(@"<(?<tag>p|h[1-6]|li|blockquote|figcaption|dd|dt|td|th|pre)\b[^>]*>(?<body>.*?)</\k<tag>\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Block();

    [GeneratedRegex(@"<title\b[^>]*>(.*?)</title\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Title();

    [GeneratedRegex(@"<h1\b[^>]*>(.*?)</h1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex H1();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();
}
