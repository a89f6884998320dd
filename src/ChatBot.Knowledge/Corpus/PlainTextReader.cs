using System.Text.RegularExpressions;
using ChatBot.Knowledge.Text;

namespace ChatBot.Knowledge.Corpus;

/// <summary>Reads plain text: blocks separated by blank lines, hard-wrapped lines joined. A short line standing alone
/// without sentence punctuation is a heading ("2. Devices"), the one before any prose the document's title; a block
/// whose lines open with bullets ("-", "•") or item markers ("a)", "1)", "2.") is a list or numbered steps, each item
/// running on until the next marker.</summary>
internal static partial class PlainTextReader
{
    /// <summary>Longest line, in words, read as a heading.</summary>
    private const int MaxHeadingWords = 10;

    public static (List<Paragraph> Paragraphs, string? Title) ReadStructured(string text)
    {
        var path = new HeadingPath();
        string? title = null;
        var paragraphs = new List<Paragraph>();
        foreach (var block in Read(text))
        {
            var raw = text[block.Start..block.End];
            var lines = raw.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length == 1 && IsHeading(lines[0]))
            {
                if (paragraphs.Count == 0 && title is null && !Numbered().IsMatch(lines[0]))
                {
                    title = lines[0];
                    continue;
                }

                var number = Numbered().Match(lines[0]);
                path.Enter(number.Success ? number.Groups[1].Value.Split('.').Length : 1, lines[0]);
                continue;
            }

            if (Marker().Match(lines[0]) is { Success: true } first)
            {
                var items = new List<string>();
                foreach (var line in lines)
                {
                    var marker = Marker().Match(line);
                    if (marker.Success)
                    {
                        items.Add(line[marker.Length..]);
                    }
                    else
                    {
                        items[^1] += " " + line;
                    }
                }

                var kind = char.IsLetterOrDigit(first.Value.Trim().TrimStart('(')[0]) ? BlockKind.Steps : BlockKind.List;
                paragraphs.Add(Paragraph.Structured([.. items.Select(WhiteSpace.Collapse)], block.Start, block.End, kind, path.Current));
                continue;
            }

            paragraphs.Add(block with { Heading = path.Current });
        }

        return (paragraphs, title);
    }

    private static bool IsHeading(string line) =>
        !Terminal().IsMatch(line) && line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= MaxHeadingWords
        && (char.IsUpper(line[0]) || Numbered().IsMatch(line));

    public static List<Paragraph> Read(string text)
    {
        var paragraphs = new List<Paragraph>();
        var blockStart = -1;
        var blockEnd = -1;
        var position = 0;
        while (position <= text.Length)
        {
            var lineEnd = text.IndexOfAny(['\r', '\n'], position);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }

            if (string.IsNullOrWhiteSpace(text.AsSpan(position, lineEnd - position).ToString()))
            {
                Flush(text, paragraphs, ref blockStart, blockEnd);
            }
            else
            {
                if (blockStart < 0)
                {
                    blockStart = position;
                }

                blockEnd = lineEnd;
            }

            if (lineEnd >= text.Length)
            {
                break;
            }

            position = lineEnd + (text[lineEnd] == '\r' && lineEnd + 1 < text.Length && text[lineEnd + 1] == '\n' ? 2 : 1);
        }

        Flush(text, paragraphs, ref blockStart, blockEnd);
        return paragraphs;
    }

    private static void Flush(string text, List<Paragraph> paragraphs, ref int blockStart, int blockEnd)
    {
        if (blockStart < 0)
        {
            return;
        }

        var start = blockStart;
        var end = blockEnd;
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        // Each line-break character becomes one space, so offsets inside the paragraph still match the original text.
        var joined = text[start..end].Replace('\r', ' ').Replace('\n', ' ');
        paragraphs.Add(new Paragraph(joined, start, end));
        blockStart = -1;
    }

    [GeneratedRegex(@"[.!?:;,]['""”’)\]]*$")]
    private static partial Regex Terminal();

    [GeneratedRegex(@"^(\d{1,2}(?:\.\d{1,2})*)[.)]?\s+\p{L}")]
    private static partial Regex Numbered();

    [GeneratedRegex(@"^(?:[-*•–]|\(?[a-z]\)|\(?\d{1,2}[.)])\s+")]
    private static partial Regex Marker();
}
