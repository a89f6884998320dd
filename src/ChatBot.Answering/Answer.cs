namespace ChatBot.Answering;

/// <summary>A passage an answer rests on; <see cref="Index"/> is the number of its <c>[n]</c> marker in the answer text.</summary>
public sealed record Citation(
    int Index,
    Guid PassageId,
    string DocumentId,
    string Title,
    string? SourceUrl,
    int ParagraphIndex,
    string Text,
    double Score);

/// <summary>The bot's reply to one question.</summary>
/// <param name="Text">The answer, with <c>[n]</c> markers pointing into <paramref name="Citations"/>.</param>
/// <param name="Grounded">True when the answer comes from the corpus; false when the bot declined.</param>
/// <param name="AiGenerated">True when a language model wrote the text (false for quoted, extractive answers).</param>
public sealed record Answer(string Text, bool Grounded, IReadOnlyList<Citation> Citations, bool AiGenerated = false)
{
    public static Answer Declined(string text) => new(text, false, []);
}
