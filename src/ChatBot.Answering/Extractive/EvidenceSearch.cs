using ChatBot.Answering.Questions;
using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Embeddings;
using ChatBot.Knowledge.Index;
using ChatBot.Knowledge.Retrieval;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace ChatBot.Answering.Extractive;

/// <summary>
/// Finds the passages whose sentences are a question's candidates: the kernel's search plugin, then three general ways
/// past the question's own wording — its words the documents never use searched for as the documents' closest words,
/// the lists and tables that retrieved lead-in paragraphs introduce, and, for a list question, the rest of the best
/// sentence's section. Passages found the second way are scored against the question like the first.
/// </summary>
public sealed class EvidenceSearch(
    Kernel kernel,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    ExtractiveAnswerer extractive,
    KnowledgeReadiness readiness,
    AnsweringOptions options)
{
    /// <summary>Lead-in paragraphs whose list or table is fetched for one question: each costs a search.</summary>
    private const int MaxLeadIns = 2;

    /// <summary>The passages to answer <paramref name="analysis"/> from, and the question's vector; no passages when
    /// nothing was retrieved.</summary>
    public async Task<(IReadOnlyList<PassageHit> Hits, float[] Vector)> FindAsync(QuestionAnalysis analysis, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        var hits = await SearchAsync(analysis, cancellationToken).ConfigureAwait(false);
        if (hits.Count == 0)
        {
            return (hits, []);
        }

        // The same text was embedded for retrieval a moment ago; the query cache returns that vector.
        var vector = (await embeddings.GenerateVectorAsync(analysis.SearchText, cancellationToken: cancellationToken).ConfigureAwait(false)).ToArray();
        if (await extractive.RewordingsAsync(analysis, hits, vector, cancellationToken).ConfigureAwait(false) is { Count: > 0 } rewordings)
        {
            var reworded = analysis with { SearchText = $"{analysis.SearchText} {string.Join(' ', rewordings)}" };

            // The added words are for the keyword search; the meaning searched for is still the question's, so its
            // vector is reused instead of embedding the longer text (a second pass through the model per question).
            embeddings.GetService<QueryEmbeddingCache>()?.Remember(reworded.SearchText, new Embedding<float>(vector));
            hits = Merge(hits, await SearchAsync(reworded, cancellationToken).ConfigureAwait(false), vector);
        }

        hits = await WithIntroducedAsync(analysis, hits, vector, cancellationToken).ConfigureAwait(false);
        if (analysis.WantsList || analysis.Type == AnswerType.Recommendation)
        {
            hits = await WithSectionAsync(analysis, hits, vector, cancellationToken).ConfigureAwait(false);
        }

        return (hits, vector);
    }

    /// <summary>A retrieved paragraph that ends in a colon introduces a list or a table ("The programme has five main
    /// parts:"), whose items may hold the answer though the question's words missed them: the structures the first
    /// such paragraphs introduce are searched for by their lead-in and join the candidates.</summary>
    private async Task<IReadOnlyList<PassageHit>> WithIntroducedAsync(
        QuestionAnalysis analysis, IReadOnlyList<PassageHit> hits, float[] questionVector, CancellationToken cancellationToken)
    {
        var leads = hits.Select(h => h.Passage.Passage)
            .Select(p => (Passage: p, Lead: LeadIn.Of(p.Sentences[^1].Of(p.Text))))
            .Where(p => p.Lead is not null).Take(MaxLeadIns).ToList();
        foreach (var (passage, lead) in leads)
        {
            var found = await SearchAsync(analysis with { SearchText = lead! }, cancellationToken).ConfigureAwait(false);
            hits = Merge(hits, [.. found.Where(h => h.Passage.Passage.DocumentId == passage.DocumentId && LeadIn.Heads(h.Passage.Passage.Heading, lead!))], questionVector);
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
            .Select(h => h with { DenseScore = h.Passage.Similarity(questionVector) })
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
}
