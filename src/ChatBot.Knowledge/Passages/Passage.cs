using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Text;

namespace ChatBot.Knowledge.Passages;

/// <summary>A unit of retrieval and citation: one paragraph, or a run of its sentences when the paragraph is long.</summary>
/// <param name="Id">Deterministic UUID derived from the document id and the passage's content.</param>
/// <param name="ParagraphIndex">Position of the paragraph among the document's cleaned paragraphs.</param>
/// <param name="Start">Offset of the passage in the document's original text.</param>
/// <param name="End">Offset just past the passage in the original text.</param>
/// <param name="Sentences">The passage's sentences, as spans of <paramref name="Text"/>; in a list or table, its items
/// or rows.</param>
/// <param name="Heading">The headings the passage stands under (and a list's or table's introduction).</param>
/// <param name="Kind">Prose, or the structure the passage is part of.</param>
public sealed record Passage(
    Guid Id,
    string DocumentId,
    string Title,
    string? SourceUrl,
    int ParagraphIndex,
    int Start,
    int End,
    string Text,
    IReadOnlyList<TextSpan> Sentences,
    string Heading = "",
    BlockKind Kind = BlockKind.Prose)
{
    /// <summary>What keyword search indexes: the heading path counts as words of the passage.</summary>
    public string SearchText => Heading.Length == 0 ? Text : $"{Heading}\n{Text}";
}
