using ChatBot.Answering;

namespace ChatBot.Server.Api;

/// <summary>The body of <c>POST /api/ask</c>.</summary>
public sealed record AskRequest(string? Question, string? ConversationId);

/// <summary>A citation as the API returns it.</summary>
public sealed record AskCitation(int Index, Guid PassageId, string Title, string Text, double Score, string DocumentId, int ParagraphIndex, string? SourceUrl);

/// <summary>The reply of <c>POST /api/ask</c>.</summary>
/// <param name="AiGenerated">True when a language model wrote the answer (verified against its citations).</param>
public sealed record AskResponse(string Answer, bool Grounded, IReadOnlyList<AskCitation> Citations, double Confidence, bool AiGenerated)
{
    public static AskResponse From(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new AskResponse(
            answer.Text,
            answer.Grounded,
            [.. answer.Citations.Select(c => new AskCitation(c.Index, c.PassageId, c.Title, c.Text, c.Score, c.DocumentId, c.ParagraphIndex, c.SourceUrl))],
            answer.Confidence,
            answer.AiGenerated);
    }
}
