namespace ChatBot.Knowledge.Corpus;

/// <summary>A block of prose read out of a document.</summary>
/// <param name="Text">The paragraph as a reader sees it: markup removed, line breaks as spaces.</param>
/// <param name="Start">Offset of the block in the document's original text.</param>
/// <param name="End">Offset just past the block in the original text.</param>
/// <param name="IsListItem">True for an item of a bulleted or numbered list, which may be a fragment without a period.</param>
public sealed record Paragraph(string Text, int Start, int End, bool IsListItem = false);

/// <summary>A document after cleaning: its title and the paragraphs worth indexing, in reading order.</summary>
public sealed record CleanDocument(SourceDocument Source, string Title, IReadOnlyList<Paragraph> Paragraphs);
