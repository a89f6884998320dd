namespace ChatBot.Knowledge.Corpus;

/// <summary>Reads paragraphs from plain text: blocks separated by blank lines, hard-wrapped lines joined.</summary>
internal static class PlainTextReader
{
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
}
