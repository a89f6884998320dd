using System.Diagnostics;
using System.Numerics.Tensors;
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
/// The answering pipeline every channel calls: refuse task changes, resolve follow-ups against the conversation, split
/// compound questions into parts, retrieve each through the kernel's search plugin, pick the answering sentences, and
/// remember the turn. A part is answered when its confidence reaches <see cref="AnsweringOptions.MinConfidence"/>.
/// </summary>
public sealed partial class QuestionAnswerer(
    Kernel kernel,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    QuestionNormalizer normalizer,
    QuestionAnalyzer analyzer,
    ConversationStore conversations,
    ExtractiveAnswerer extractive,
    DeclineMessages messages,
    KnowledgeReadiness readiness,
    AnsweringOptions options,
    TimeProvider time,
    ILogger<QuestionAnswerer> logger)
{
    /// <summary>Lead-in paragraphs whose list or table is fetched for one question: each costs a search.</summary>
    private const int MaxLeadIns = 2;

    /// <summary>Answers <paramref name="question"/>. Throws <see cref="InvalidQuestionException"/> for an empty or over-long
    /// question and <see cref="KnowledgeUnavailableException"/> while the knowledge base is not ready.</summary>
    public Task<Answer> AskAsync(string question, string? conversationId = null, CancellationToken cancellationToken = default) =>
        AskAsync(question, conversationId, null, cancellationToken);

    /// <param name="trace">Shown every part's ranked candidates: evaluation fits the answer model on them.</param>
    internal async Task<Answer> AskAsync(string question, string? conversationId, Action<QuestionAnalysis, IReadOnlyList<Candidate>>? trace, CancellationToken cancellationToken)
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
            answer = Answer.Declined(messages.TaskChange(), confidence: 1);
        }
        else
        {
            var normalized = normalizer.Normalize(text);
            var antecedent = FollowUpResolver.Antecedent(normalized, history);
            searchText = FollowUpResolver.SearchText(normalized, antecedent);
            answer = await AnswerFromCorpusAsync(normalized, antecedent, trace, cancellationToken).ConfigureAwait(false);
        }

        if (conversationId is not null)
        {
            conversations.Add(conversationId, new Turn(text, searchText, answer.Grounded, answer.Text, time.GetUtcNow()));
        }

        LogAnswered(logger, answer.Grounded, answer.Citations.Count, answer.Confidence, clock.Elapsed.TotalMilliseconds);
        return answer;
    }

    private async Task<Answer> AnswerFromCorpusAsync(
        string question, Turn? antecedent, Action<QuestionAnalysis, IReadOnlyList<Candidate>>? trace, CancellationToken cancellationToken)
    {
        var parts = QuestionParts.Split(question);
        var found = new List<PartAnswer>(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            // Later parts lean on the first ("…and how tall should it be?"), the first on the conversation.
            var analysis = i == 0 ? analyzer.Analyze(parts[0], antecedent) : analyzer.Analyze(parts[i], null, parts[0]);
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

            var hits = await SearchAsync(analysis, cancellationToken).ConfigureAwait(false);
            if (hits.Count == 0)
            {
                continue;
            }

            // The same text was embedded for retrieval a moment ago; the query cache returns that vector.
            var vector = (await embeddings.GenerateVectorAsync(analysis.SearchText, cancellationToken: cancellationToken).ConfigureAwait(false)).ToArray();
            if (await extractive.RewordingsAsync(analysis, hits, cancellationToken).ConfigureAwait(false) is { Count: > 0 } rewordings)
            {
                var reworded = analysis with { SearchText = $"{analysis.SearchText} {string.Join(' ', rewordings)}" };
                hits = Merge(hits, await SearchAsync(reworded, cancellationToken).ConfigureAwait(false), vector);
            }

            hits = await WithIntroducedAsync(analysis, hits, vector, cancellationToken).ConfigureAwait(false);
            if (analysis.WantsList || analysis.Type == AnswerType.Recommendation)
            {
                hits = await WithSectionAsync(analysis, hits, vector, cancellationToken).ConfigureAwait(false);
            }

            if (await extractive.AnswerAsync(analysis, hits, vector, trace, cancellationToken).ConfigureAwait(false) is { } part)
            {
                found.Add(part);
            }
        }

        if (found.Count == 0)
        {
            return Answer.Declined(readiness.Passages == 0 ? DeclineMessages.EmptyIndex() : messages.NotCovered(), confidence: 1);
        }

        var answered = found.Where(p => p.Confidence >= options.MinConfidence).ToList();
        if (answered.Count == 0)
        {
            // Declining is right as often as the best answer would have been wrong.
            return Answer.Declined(messages.NotCovered(), 1 - found.Max(p => p.Confidence));
        }

        return AnswerComposer.Compose(answered, found.Average(p => p.Confidence) * answered.Count / parts.Count);
    }

    /// <summary>A retrieved paragraph that ends in a colon introduces a list or a table ("The programme has five main
    /// parts:"), whose items may hold the answer though the question's words missed them: the structures the first
    /// such paragraphs introduce are searched for by their lead-in and join the candidates.</summary>
    private async Task<IReadOnlyList<PassageHit>> WithIntroducedAsync(
        QuestionAnalysis analysis, IReadOnlyList<PassageHit> hits, float[] questionVector, CancellationToken cancellationToken)
    {
        foreach (var passage in hits.Select(h => h.Passage.Passage).Where(p => p.Text.TrimEnd().EndsWith(':')).Take(MaxLeadIns).ToList())
        {
            var lead = passage.Sentences[^1].Of(passage.Text).TrimEnd().TrimEnd(':').Trim();
            var found = await SearchAsync(analysis with { SearchText = lead }, cancellationToken).ConfigureAwait(false);
            hits = Merge(hits, [.. found.Where(h => h.Passage.Passage.DocumentId == passage.DocumentId && h.Passage.Passage.Heading.EndsWith(lead, StringComparison.Ordinal))], questionVector);
        }

        return hits;
    }

    /// <summary>A list's items are often the paragraphs of one section ("The first obstacle… The second…"), which one
    /// search for the question does not all find: the section of the best sentence is searched for by its heading, and
    /// its other passages join the candidates, scored against the question like the rest.</summary>
    private async Task<IReadOnlyList<PassageHit>> WithSectionAsync(
        QuestionAnalysis analysis, IReadOnlyList<PassageHit> hits, float[] questionVector, CancellationToken cancellationToken)
    {
        var ranked = await extractive.RankAsync(analysis, hits, questionVector, cancellationToken).ConfigureAwait(false);
        var section = ranked.FirstOrDefault()?.Hit.Passage.Passage;
        if (section is null || section.Heading.Length == 0)
        {
            return hits;
        }

        var found = await SearchAsync(analysis with { SearchText = section.Heading }, cancellationToken).ConfigureAwait(false);
        return Merge(hits, [.. found.Where(h => h.Passage.Passage.DocumentId == section.DocumentId && h.Passage.Passage.Heading == section.Heading)], questionVector);
    }

    /// <summary>The passages of <paramref name="hits"/>, then those of <paramref name="more"/> not among them, each of
    /// these with its similarity to the question itself, as the store measures it (the closest of its vectors).</summary>
    private static IReadOnlyList<PassageHit> Merge(IReadOnlyList<PassageHit> hits, IReadOnlyList<PassageHit> more, float[] questionVector)
    {
        var added = more
            .Where(h => !hits.Any(x => x.Passage.Passage.Id == h.Passage.Passage.Id))
            .Select(h => h with { DenseScore = h.Passage.SentenceVectors.Prepend(h.Passage.Vector).Max(v => (double)TensorPrimitives.Dot(questionVector, v)) })
            .ToList();
        return added.Count == 0 ? hits : [.. hits, .. added];
    }

    private async Task<IReadOnlyList<PassageHit>> SearchAsync(QuestionAnalysis analysis, CancellationToken cancellationToken)
    {
        var arguments = new KernelArguments
        {
            ["query"] = analysis.SearchText,
            // An overview or a list draws on more of the documents than one fact does.
            ["count"] = analysis.Type is AnswerType.Summary or AnswerType.Conclusion or AnswerType.Recommendation || analysis.WantsList
                ? options.Passages * 2 : options.Passages,
        };
        try
        {
            return await kernel.InvokeAsync<IReadOnlyList<PassageHit>>(
                ArticleSearchPlugin.PluginName, ArticleSearchPlugin.SearchFunction, arguments, cancellationToken).ConfigureAwait(false) ?? [];
        }
        catch (StoreUnavailableException ex)
        {
            // Later questions are refused at once until the warm-up finds the store again, instead of each waiting
            // out the retries.
            readiness.MarkStoreUnavailable(ex.Message);
            throw new KnowledgeUnavailableException(readiness.State);
        }
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
