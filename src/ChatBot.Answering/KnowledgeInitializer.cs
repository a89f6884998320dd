using ChatBot.Answering.Extractive;
using ChatBot.Answering.Questions;
using ChatBot.Knowledge;
using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Embeddings;
using ChatBot.Knowledge.Index;
using ChatBot.Knowledge.Ingestion;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Answering;

/// <summary>
/// Makes the bot ready to answer: loads the embedding model, brings the index in line with the corpus (a no-op when
/// the snapshot is current), and learns the corpus's vocabulary and profile for question repair and bot messages.
/// </summary>
public sealed class KnowledgeInitializer(
    IServiceProvider services,
    KnowledgePaths paths,
    Ingestor ingestor,
    IPassageStore store,
    CorpusVocabulary vocabulary,
    CorpusProfile profile,
    TermVectors vectors,
    KnowledgeReadiness readiness)
{
    /// <summary>Words embedded at start-up to warm the word-vector path (a batch as large as a question's).</summary>
    private const int WarmUpWords = 100;

    public async Task<IngestionReport> InitializeAsync(bool rebuild = false, IProgress<IngestionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        try
        {
            _ = services.GetRequiredService<MiniLmEmbeddingGenerator>();
            readiness.MarkModelLoaded();
            var corpus = await CorpusLoader.LoadAsync(paths.CorpusFolder, cancellationToken).ConfigureAwait(false);
            var report = await ingestor.IngestAsync(corpus, rebuild, progress, cancellationToken).ConfigureAwait(false);
            var cleaned = corpus.Documents.Select(DocumentCleaner.Clean).ToList();
            vocabulary.Load(cleaned, corpus.Manifest.Aliases);
            profile.Load(corpus.Manifest, cleaned.Select(d => d.Title));

            // The model's first batch of single words costs a few hundred milliseconds more than any later one: paid
            // here, not by the first user whose question needs words compared in meaning.
            await vectors.PrepareAsync(vocabulary.Words.Where(w => w.All(char.IsLetter)).Take(WarmUpWords), cancellationToken).ConfigureAwait(false);
            readiness.MarkIndexReady(await store.CountAsync(cancellationToken).ConfigureAwait(false));
            return report;
        }
        catch (StoreUnavailableException ex)
        {
            readiness.MarkStoreUnavailable(ex.Message);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            readiness.MarkFailed(ex.Message);
            throw;
        }
    }
}
