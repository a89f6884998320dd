using System.Diagnostics;
using ChatBot.Answering.Conversation;
using ChatBot.Answering.Extractive;
using ChatBot.Answering.Questions;
using Microsoft.Extensions.Logging;
using ChatBot.Knowledge.Index;
using ChatBot.Knowledge.Text;

namespace ChatBot.Answering;

/// <summary>
/// The answering pipeline every channel calls: refuse task changes, resolve follow-ups against the conversation, split
/// compound questions into parts, find each one's evidence (<see cref="EvidenceSearch"/>), pick the answering
/// sentences, and remember the turn. A part is answered when its confidence reaches <see cref="AnsweringOptions.MinConfidence"/>.
/// A question the documents cover is then written by the configured <see cref="IAnswerWriter"/> (quoted by default, or
/// by a language model and verified); one they do not cover is declined before any model is asked.
/// </summary>
public sealed partial class QuestionAnswerer(
    QuestionNormalizer normalizer,
    QuestionAnalyzer analyzer,
    IConversationMemory conversations,
    EvidenceSearch evidence,
    ExtractiveAnswerer extractive,
    IAnswerWriter writer,
    IQuestionRewriter rewriter,
    DeclineMessages messages,
    KnowledgeReadiness readiness,
    AnsweringOptions options,
    TimeProvider time,
    ILogger<QuestionAnswerer> logger)
{
    /// <summary>Whether answers are written in pieces as they come (a language model), so a channel can stream them.</summary>
    public bool StreamsAnswers => writer.Streams;

    /// <summary>Answers <paramref name="question"/>. Throws <see cref="InvalidQuestionException"/> for an empty or over-long
    /// question and <see cref="KnowledgeUnavailableException"/> while the knowledge base is not ready.</summary>
    public Task<Answer> AskAsync(string question, string? conversationId = null, CancellationToken cancellationToken = default) =>
        AskAsync(question, conversationId, null, null, cancellationToken);

    /// <param name="delta">Shown the answer's text as a language model writes it (nothing in extractive mode).</param>
    public Task<Answer> AskAsync(string question, string? conversationId, TextDelta? delta, CancellationToken cancellationToken) =>
        AskAsync(question, conversationId, null, delta, cancellationToken);

    /// <param name="trace">Shown every part's ranked candidates: evaluation fits the answer model on them.</param>
    internal async Task<Answer> AskAsync(
        string question, string? conversationId, Action<QuestionAnalysis, IReadOnlyList<Candidate>>? trace, TextDelta? delta, CancellationToken cancellationToken)
    {
        var text = Validate(question);
        if (!readiness.IsReady)
        {
            throw new KnowledgeUnavailableException(readiness.State);
        }

        using var span = AnsweringTelemetry.Source.StartActivity("answer");
        var clock = Stopwatch.StartNew();
        var history = conversationId is null ? [] : await conversations.HistoryAsync(conversationId, cancellationToken).ConfigureAwait(false);
        Answer answer;
        string searchText;
        if (TaskChangeGuard.IsTaskChange(text))
        {
            searchText = text;
            answer = Answer.Declined(messages.TaskChange(), confidence: 1);
        }
        else
        {
            // The model's standalone question needs no antecedent; without one the resolver reads the conversation.
            var standalone = await rewriter.StandaloneAsync(text, history, cancellationToken).ConfigureAwait(false);
            var normalized = normalizer.Normalize(standalone ?? text);
            var antecedent = standalone is null ? FollowUpResolver.Antecedent(normalized, history) : null;
            searchText = FollowUpResolver.SearchText(normalized, antecedent);
            var (quoted, passages) = await AnswerFromCorpusAsync(normalized, antecedent, trace, cancellationToken).ConfigureAwait(false);
            answer = quoted.Grounded
                ? await writer.WriteAsync(new AnswerDraft(text, history, passages, quoted, standalone), delta, cancellationToken).ConfigureAwait(false)
                : quoted;
        }

        // A model answers in the question's language when it can; an answer in English (quoted, or the model's when its
        // translation failed) says so, once in a conversation.
        if (!QuestionLanguage.IsEnglish(text) && QuestionLanguage.IsEnglish(answer.Text) && history.All(t => QuestionLanguage.IsEnglish(t.Question)))
        {
            answer = answer with { Text = $"{DeclineMessages.AnswersInEnglish()}\n\n{answer.Text}" };
        }

        if (conversationId is not null)
        {
            await conversations.AddAsync(conversationId, new Turn(text, searchText, answer.Grounded, answer.Text, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }

        LogAnswered(logger, answer.Grounded, answer.Citations.Count, answer.Confidence, clock.Elapsed.TotalMilliseconds);
        var grounded = new KeyValuePair<string, object?>("grounded", answer.Grounded);
        AnsweringTelemetry.Answers.Add(1, grounded);
        AnsweringTelemetry.Duration.Record(clock.Elapsed.TotalMilliseconds, grounded);
        if (!answer.Grounded)
        {
            AnsweringTelemetry.Declines.Add(1);
        }

        span?.SetTag("chatbot.grounded", answer.Grounded).SetTag("chatbot.citations", answer.Citations.Count)
            .SetTag("chatbot.confidence", answer.Confidence).SetTag("chatbot.ai_generated", answer.AiGenerated);
        return answer;
    }

    /// <returns>The quoted answer (or the decline) and the passages retrieved for the question's parts.</returns>
    private async Task<(Answer Answer, IReadOnlyList<PassageHit> Passages)> AnswerFromCorpusAsync(
        string question, Turn? antecedent, Action<QuestionAnalysis, IReadOnlyList<Candidate>>? trace, CancellationToken cancellationToken)
    {
        var parts = QuestionParts.Split(question);
        var found = new List<PartAnswer>(parts.Count);
        var passages = new List<PassageHit>();
        for (var i = 0; i < parts.Count; i++)
        {
            // A later part that leans on the first ("…and how tall should it be?") is read with it; one that names its
            // own subject ("…and how far ahead do I have to request the leave?") is read alone, so the first part's
            // words do not pull its search towards the first part's answer. The first part leans on the conversation.
            var analysis = i == 0 ? analyzer.Analyze(parts[0], antecedent)
                : analyzer.Analyze(parts[i], null, FollowUpResolver.IsFollowUp(parts[i]) ? parts[0] : null);
            if (found.Count > 0)
            {
                // What an earlier part already quoted is not this part's answer.
                analysis = analysis with { Quoted = found.SelectMany(p => p.Chosen).Select(c => c.Text).ToHashSet(StringComparer.Ordinal) };
            }

            // A greeting or a bare "what is it?" names nothing to look for: only an overview needs no topic.
            if (analysis.KeyTerms.Count == 0 && analysis.Type is not (AnswerType.Summary or AnswerType.Conclusion or AnswerType.Recommendation))
            {
                continue;
            }

            var (hits, vector) = await evidence.FindAsync(analysis, cancellationToken).ConfigureAwait(false);
            if (hits.Count == 0)
            {
                continue;
            }

            passages.AddRange(hits.Where(h => !passages.Any(p => p.Passage.Passage.Id == h.Passage.Passage.Id)));

            if (await extractive.AnswerAsync(analysis, hits, vector, trace, cancellationToken).ConfigureAwait(false) is { } part)
            {
                found.Add(part);
            }
        }

        if (found.Count == 0)
        {
            return (Answer.Declined(readiness.Passages == 0 ? DeclineMessages.EmptyIndex() : messages.NotCovered(), confidence: 1), passages);
        }

        var answered = found.Where(p => p.Chosen.Count > 0 && p.Confidence >= options.MinConfidence).ToList();
        if (answered.Count == 0)
        {
            // Declining is right as often as the best answer would have been wrong.
            return (Answer.Declined(messages.NotCovered(), 1 - found.Max(p => p.Confidence)), passages);
        }

        return (AnswerComposer.Compose(answered, found.Average(p => p.Confidence) * answered.Count / parts.Count), passages);
    }

    private string Validate(string question)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            throw new InvalidQuestionException("The question is empty.");
        }

        if (question.Length > options.MaxQuestionLength)
        {
            throw new InvalidQuestionException(
                $"The question is {question.Length} characters long; the limit is {options.MaxQuestionLength}.");
        }

        return WhiteSpace.Collapse(question);
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, Message = "Answered (grounded: {Grounded}, citations: {Citations}, confidence: {Confidence:F2}) in {Milliseconds:F1} ms")]
    private static partial void LogAnswered(ILogger logger, bool grounded, int citations, double confidence, double milliseconds);
}

/// <summary>The question cannot be answered as sent (empty, or too long); the message says why, for the user.</summary>
public sealed class InvalidQuestionException(string message) : Exception(message);

/// <summary>The knowledge base cannot answer right now (still starting, or its store failed).</summary>
public sealed class KnowledgeUnavailableException(string reason) : Exception($"The knowledge base is not available: {reason}")
{
    public string Reason { get; } = reason;
}
