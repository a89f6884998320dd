using ChatBot.Knowledge.Text;

namespace ChatBot.Knowledge.Passages;

/// <summary>A unit of retrieval and citation: one paragraph, or a run of its sentences when the paragraph is long.</summary>
/// <param name="Id">Deterministic UUID derived from the document id and the passage's content.</param>
/// <param name="ParagraphIndex">Position of the paragraph among the document's cleaned paragraphs.</param>
/// <param name="Start">Offset of the passage in the document's original text.</param>
/// <param name="End">Offset just past the passage in the original text.</param>
/// <param name="Sentences">The passage's sentences, as spans of <paramref name="Text"/>.</param>
public sealed record Passage(
    Guid Id,
    string DocumentId,
    string Title,
    string? SourceUrl,
    int ParagraphIndex,
    int Start,
    int End,
    string Text,
    IReadOnlyList<TextSpan> Sentences);
