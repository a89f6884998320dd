using System.Net;
using System.Text.RegularExpressions;
using ChatBot.Knowledge.Text;

namespace ChatBot.Knowledge.Corpus;

/// <summary>Reads an HTML page in document order into prose paragraphs, lists (<c>ul</c>), numbered steps (<c>ol</c>)
/// and tables, each under its heading path (<c>h2</c>–<c>h6</c>; a table's caption joins it), leaving out scripts,
/// styles and the page's navigation, header, footer and side bars. The page's <c>&lt;title&gt;</c> or first
/// <c>&lt;h1&gt;</c> is offered as the document's title.</summary>
internal static partial class HtmlReader
{
    public static (List<Paragraph> Paragraphs, string? Title) Read(string html)
    {
        var masked = MaskChrome(html);
        var paragraphs = new List<Paragraph>();
        var path = new HeadingPath();
        foreach (Match block in Block().Matches(masked))
        {
            var tag = block.Groups["tag"].Value.ToLowerInvariant();
            var body = block.Groups["body"].Value;
            var start = block.Index;
            var end = block.Index + block.Length;
            switch (tag)
            {
                case "h1":
                    path.Enter(1, string.Empty);
                    break;
                case "h2" or "h3" or "h4" or "h5" or "h6":
                    path.Enter(tag[1] - '0', ToText(body));
                    break;
                case "ul" or "ol":
                    var items = Item().Matches(body).Select(m => ToText(m.Groups[1].Value)).Where(t => t.Length > 0).ToList();
                    if (items.Count > 0)
                    {
                        paragraphs.Add(Paragraph.Structured(items, start, end, tag == "ol" ? BlockKind.Steps : BlockKind.List, path.Current));
                    }

                    break;
                case "table":
                    var caption = Caption().Match(body);
                    var heading = caption.Success ? HeadingPath.Join(path.Current, ToText(caption.Groups[1].Value)) : path.Current;
                    if (Table(body) is { Count: > 0 } rows)
                    {
                        paragraphs.Add(Paragraph.Structured(rows, start, end, BlockKind.Table, heading));
                    }

                    break;
                default:
                    var text = ToText(body);
                    if (text.Length > 0)
                    {
                        paragraphs.Add(new Paragraph(text, start, end, Heading: path.Current));
                    }

                    break;
            }
        }

        var titleMatch = Title().Match(html);
        var h1Match = H1().Match(masked);
        var title = titleMatch.Success ? ToText(titleMatch.Groups[1].Value) : h1Match.Success ? ToText(h1Match.Groups[1].Value) : null;
        return (paragraphs, string.IsNullOrEmpty(title) ? null : title);
    }

    /// <summary>Rows as facts; the header is the first row when it is all <c>th</c> cells (or the <c>thead</c>).</summary>
    private static List<string> Table(string body)
    {
        var rows = Row().Matches(body)
            .Select(r => (Cells: Cell().Matches(r.Groups[1].Value).Select(c => ToText(c.Groups[2].Value)).ToList(),
                AllHeaders: Cell().Matches(r.Groups[1].Value).All(c => c.Groups[1].Value.Equals("th", StringComparison.OrdinalIgnoreCase))))
            .Where(r => r.Cells.Count > 0)
            .ToList();
        if (rows.Count == 0)
        {
            return [];
        }

        return rows[0].AllHeaders
            ? TableFacts.Rows(rows[0].Cells, rows.Skip(1).Select(r => (IReadOnlyList<string>)r.Cells))
            : TableFacts.Rows(null, rows.Select(r => (IReadOnlyList<string>)r.Cells));
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

    // Tables and lists come first in the alternation: at their position the whole structure is one block, so their
    // cells and items are not read again as paragraphs of their own.
    [GeneratedRegex(@"<(?<tag>table|ul|ol|p|h[1-6]|li|blockquote|figcaption|dd|dt|pre)\b[^>]*>(?<body>.*?)</\k<tag>\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Block();

    [GeneratedRegex(@"<li\b[^>]*>(.*?)(?=<li\b|</li\s*>|$)", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Item();

    [GeneratedRegex(@"<tr\b[^>]*>(.*?)</tr\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Row();

    [GeneratedRegex(@"<(th|td)\b[^>]*>(.*?)</\1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Cell();

    [GeneratedRegex(@"<caption\b[^>]*>(.*?)</caption\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Caption();

    [GeneratedRegex(@"<title\b[^>]*>(.*?)</title\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Title();

    [GeneratedRegex(@"<h1\b[^>]*>(.*?)</h1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex H1();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();
}
