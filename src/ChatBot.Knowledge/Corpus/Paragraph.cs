using ChatBot.Knowledge.Text;

namespace ChatBot.Knowledge.Corpus;

/// <summary>What a block of a document is: prose, or one of the structures whose parts stand as facts of their own.</summary>
public enum BlockKind
{
    Prose,

    /// <summary>A bulleted list: each item is one unit.</summary>
    List,

    /// <summary>A numbered or lettered list: the steps of a procedure, in order.</summary>
    Steps,

    /// <summary>A table: each row, written out with its column headers, is one unit.</summary>
    Table,
}

/// <summary>A block read out of a document.</summary>
/// <param name="Text">The block as a reader sees it: markup removed; the items of a list or the rows of a table one per
/// line.</param>
/// <param name="Start">Offset of the block in the document's original text.</param>
/// <param name="End">Offset just past the block in the original text.</param>
/// <param name="Kind">Prose, or the structure the block has.</param>
/// <param name="Heading">The headings the block stands under, outermost first (" > " between them), and for a list or
/// table the sentence that introduces it.</param>
/// <param name="Items">For a list, steps or a table, the spans of its items (rows) in <paramref name="Text"/>.</param>
public sealed record Paragraph(
    string Text,
    int Start,
    int End,
    BlockKind Kind = BlockKind.Prose,
    string Heading = "",
    IReadOnlyList<TextSpan>? Items = null)
{
    /// <summary>A list, steps or table built from its items, one per line.</summary>
    public static Paragraph Structured(IReadOnlyList<string> items, int start, int end, BlockKind kind, string heading)
    {
        ArgumentNullException.ThrowIfNull(items);
        var spans = new List<TextSpan>(items.Count);
        var text = new System.Text.StringBuilder();
        foreach (var item in items)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            spans.Add(new TextSpan(text.Length, item.Length));
            text.Append(item);
        }

        return new Paragraph(text.ToString(), start, end, kind, heading, spans);
    }
}

/// <summary>A document after cleaning: its title and the paragraphs worth indexing, in reading order.</summary>
public sealed record CleanDocument(SourceDocument Source, string Title, IReadOnlyList<Paragraph> Paragraphs);
