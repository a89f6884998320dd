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
    double Score)
{
    /// <summary>The citation numbered <paramref name="index"/> of a retrieved passage, scored by its similarity to the question.</summary>
    public static Citation Of(int index, ChatBot.Knowledge.Index.PassageHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        var passage = hit.Passage.Passage;
        return new Citation(index, passage.Id, passage.DocumentId, passage.Title, passage.SourceUrl, passage.ParagraphIndex, passage.Text, Math.Round(hit.DenseScore, 4));
    }
}

/// <summary>The bot's reply to one question.</summary>
/// <param name="Text">The answer, with <c>[n]</c> markers pointing into <paramref name="Citations"/>.</param>
/// <param name="Grounded">True when the answer comes from the corpus; false when the bot declined.</param>
/// <param name="AiGenerated">True when a language model wrote the text (false for quoted, extractive answers).</param>
/// <param name="Confidence">The estimated probability (0–1) that the answer is right, calibrated on labelled questions;
/// for a decline, the estimate for the best answer the bot could have given.</param>
public sealed record Answer(string Text, bool Grounded, IReadOnlyList<Citation> Citations, bool AiGenerated = false, double Confidence = 0)
{
    public static Answer Declined(string text, double confidence = 0) => new(text, false, [], Confidence: Math.Round(confidence, 3));
}
