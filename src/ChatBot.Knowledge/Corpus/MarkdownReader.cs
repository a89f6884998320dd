using System.Text.RegularExpressions;
using ChatBot.Knowledge.Text;

namespace ChatBot.Knowledge.Corpus;

/// <summary>Reads paragraphs from Markdown: blank-line separated blocks with inline markup removed; headings, code and
/// front matter are not prose. The first level-one heading is offered as the document's title.</summary>
internal static partial class MarkdownReader
{
    public static (List<Paragraph> Paragraphs, string? Title) Read(string text)
    {
        var paragraphs = new List<Paragraph>();
        string? title = null;
        var inFence = false;
        var source = WithoutFrontMatter(text);
        foreach (var block in PlainTextReader.Read(source))
        {
            var raw = source[block.Start..block.End];
            if (raw.StartsWith("```", StringComparison.Ordinal) || raw.StartsWith("~~~", StringComparison.Ordinal) || inFence)
            {
                inFence ^= CountFences(raw) % 2 == 1;
                continue;
            }

            var lines = raw.Split('\n', StringSplitOptions.TrimEntries);
            if (lines.All(l => Heading().IsMatch(l)))
            {
                var h1 = lines.Select(l => H1().Match(l)).FirstOrDefault(m => m.Success);
                title ??= h1 is { Success: true } ? StripInline(h1.Groups[1].Value) : null;
                continue;
            }

            if (lines.All(l => ListItem().IsMatch(l)))
            {
                foreach (var line in lines)
                {
                    var item = StripInline(ListItem().Replace(line, string.Empty));
                    if (item.Length > 0)
                    {
                        paragraphs.Add(new Paragraph(item, block.Start, block.End, IsListItem: true));
                    }
                }

                continue;
            }

            var prose = StripInline(string.Join(' ', lines.Select(l => Quote().Replace(l, string.Empty))));
            if (prose.Length > 0)
            {
                paragraphs.Add(new Paragraph(prose, block.Start, block.End));
            }
        }

        return (paragraphs, title);
    }

    private static string WithoutFrontMatter(string text)
    {
        // Front matter is blanked rather than cut, so offsets into the original text stay valid.
        var match = FrontMatter().Match(text);
        return match.Success ? new string(' ', match.Length) + text[match.Length..] : text;
    }

    private static int CountFences(string raw) => Fence().Count(raw);

    private static string StripInline(string text)
    {
        text = Image().Replace(text, string.Empty);
        text = Link().Replace(text, "$1");
        text = Emphasis().Replace(text, "$2");
        text = Code().Replace(text, "$1");
        text = HtmlTag().Replace(text, string.Empty);
        return WhiteSpace.Collapse(text);
    }

    [GeneratedRegex(@"\A---\r?\n.*?\r?\n---\r?\n", RegexOptions.Singleline)]
    private static partial Regex FrontMatter();

    [GeneratedRegex(@"^(```|~~~)", RegexOptions.Multiline)]
    private static partial Regex Fence();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+\S")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\s{0,3}#\s+(.+?)\s*#*\s*$")]
    private static partial Regex H1();

    [GeneratedRegex(@"^\s*(?:[-*+]|\d{1,3}[.)])\s+")]
    private static partial Regex ListItem();

    [GeneratedRegex(@"^\s*>\s?")]
    private static partial Regex Quote();

    [GeneratedRegex(@"!\[[^\]]*\]\([^)]*\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]]+)\]\([^)]*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(\*\*|__|\*|_)(\S(?:.*?\S)?)\1")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"`([^`]*)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex HtmlTag();
}
