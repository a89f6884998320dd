using System.Diagnostics;
using ChatBot.Answering.Conversation;
using ChatBot.Answering.Extractive;
using ChatBot.Answering.Questions;
using ChatBot.Knowledge.Index;
using ChatBot.Knowledge.Retrieval;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;
using ChatBot.Knowledge.Text;

namespace ChatBot.Answering;

/// <summary>
/// The answering pipeline every channel calls: refuse task changes, resolve follow-ups against the conversation,
/// retrieve through the kernel's article-search plugin, pick the answering sentences, and remember the turn.
/// </summary>
public sealed partial class QuestionAnswerer(
    Kernel kernel,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    QuestionNormalizer normalizer,
    QuestionScopeEstimator scopes,
    ConversationStore conversations,
    ExtractiveAnswerer extractive,
    DeclineMessages messages,
    KnowledgeReadiness readiness,
    AnsweringOptions options,
    TimeProvider time,
    ILogger<QuestionAnswerer> logger)
{
    /// <summary>Answers <paramref name="question"/>. Throws <see cref="InvalidQuestionException"/> for an empty or over-long
    /// question and <see cref="KnowledgeUnavailableException"/> while the knowledge base is not ready.</summary>
    public async Task<Answer> AskAsync(string question, string? conversationId = null, CancellationToken cancellationToken = default)
    {
        var text = Validate(question);
        if (!readiness.IsReady)
        {
            throw new KnowledgeUnavailableException(readiness.State);
        }

        var clock = Stopwatch.StartNew();
        var history = conversationId is null ? [] : conversations.History(conversationId);
        Answer answer;
        string searchText;
        if (TaskChangeGuard.IsTaskChange(text))
        {
            searchText = text;
            answer = Answer.Declined(messages.TaskChange());
        }
        else
        {
            var normalized = normalizer.Normalize(text);
            var antecedent = FollowUpResolver.Antecedent(normalized, history);
            searchText = FollowUpResolver.SearchText(normalized, antecedent);
            var analysis = new QuestionAnalysis(
                text,
                searchText,
                QuestionClassifier.TypeOf(normalized),
                QuestionClassifier.WantsList(normalized) || QuestionClassifier.WantsList(text),
                antecedent?.AnswerText,
                scopes.Estimate(normalized));
            answer = await AnswerFromCorpusAsync(analysis, normalized, cancellationToken).ConfigureAwait(false);
        }

        if (conversationId is not null)
        {
            conversations.Add(conversationId, new Turn(text, searchText, answer.Grounded, answer.Text, time.GetUtcNow()));
        }

        LogAnswered(logger, answer.Grounded, answer.Citations.Count, clock.Elapsed.TotalMilliseconds);
        return answer;
    }

    private async Task<Answer> AnswerFromCorpusAsync(QuestionAnalysis analysis, string currentQuestion, CancellationToken cancellationToken)
    {
        var arguments = new KernelArguments
        {
            ["query"] = analysis.SearchText,
            ["count"] = analysis.Type is AnswerType.Summary or AnswerType.Conclusion ? options.Passages * 2 : options.Passages,
        };
        IReadOnlyList<PassageHit> hits;
        try
        {
            hits = await kernel.InvokeAsync<IReadOnlyList<PassageHit>>(
                ArticleSearchPlugin.PluginName, ArticleSearchPlugin.SearchFunction, arguments, cancellationToken).ConfigureAwait(false) ?? [];
        }
        catch (StoreUnavailableException ex)
        {
            // Later questions are refused at once until the warm-up finds the store again, instead of each waiting
            // out the retries.
            readiness.MarkStoreUnavailable(ex.Message);
            throw new KnowledgeUnavailableException(readiness.State);
        }

        if (hits.Count == 0)
        {
            return Answer.Declined(readiness.Passages == 0 ? DeclineMessages.EmptyIndex() : messages.NotCovered());
        }

        // The same text was embedded for retrieval a moment ago; the query cache returns that vector.
        var vector = await embeddings.GenerateVectorAsync(analysis.SearchText, cancellationToken: cancellationToken).ConfigureAwait(false);
        return extractive.Answer(analysis, hits, vector.Span, currentQuestion) ?? Answer.Declined(messages.NotCovered());
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

    [LoggerMessage(EventId = 2000, Level = LogLevel.Debug, Message = "Answered (grounded: {Grounded}, citations: {Citations}) in {Milliseconds:F1} ms")]
    private static partial void LogAnswered(ILogger logger, bool grounded, int citations, double milliseconds);
}

/// <summary>The question cannot be answered as sent (empty, or too long); the message says why, for the user.</summary>
public sealed class InvalidQuestionException(string message) : Exception(message);

/// <summary>The knowledge base cannot answer right now (still starting, or its store failed).</summary>
public sealed class KnowledgeUnavailableException(string reason) : Exception($"The knowledge base is not available: {reason}")
{
    public string Reason { get; } = reason;
}
