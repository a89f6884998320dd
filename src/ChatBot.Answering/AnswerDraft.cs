using ChatBot.Answering.Conversation;
using ChatBot.Knowledge.Index;

namespace ChatBot.Answering;

/// <summary>What the pipeline found for a question the documents cover: the passages retrieved for it and the quoted
/// (extractive) answer, verified by construction, which is what is sent when no better answer is written.</summary>
/// <param name="History">The conversation's earlier turns, oldest first.</param>
/// <param name="SearchQuestion">The standalone English question a model wrote for the search, when it wrote one.</param>
public sealed record AnswerDraft(string Question, IReadOnlyList<Turn> History, IReadOnlyList<PassageHit> Passages, Answer Extractive, string? SearchQuestion = null);

/// <summary>Receives an answer's text as it is written, piece by piece, before the whole answer is known.</summary>
public delegate ValueTask TextDelta(string text, CancellationToken cancellationToken);

/// <summary>Writes the reply to a question the documents cover. Chosen by settings: quoting (the default) or a language
/// model whose answer is verified against the passages.</summary>
public interface IAnswerWriter
{
    /// <summary>Whether the writer writes in pieces a channel can stream (a model), rather than all at once.</summary>
    bool Streams { get; }

    /// <param name="delta">Shown the text as it is written, when the writer writes in pieces (a model's stream); what
    /// it was shown may differ from the answer returned, which is what verification kept.</param>
    Task<Answer> WriteAsync(AnswerDraft draft, TextDelta? delta, CancellationToken cancellationToken);
}

/// <summary>Sends the quoted answer as it is.</summary>
public sealed class ExtractiveAnswerWriter : IAnswerWriter
{
    public bool Streams => false;

    public Task<Answer> WriteAsync(AnswerDraft draft, TextDelta? delta, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return Task.FromResult(draft.Extractive);
    }
}
