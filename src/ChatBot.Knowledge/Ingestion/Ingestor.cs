using System.Diagnostics;
using System.Numerics.Tensors;
using ChatBot.Knowledge.Corpus;
using ChatBot.Knowledge.Index;
using ChatBot.Knowledge.Passages;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace ChatBot.Knowledge.Ingestion;

/// <summary>
/// Brings the index in line with the corpus folder: new and changed documents are cleaned, cut into passages and
/// embedded; removed ones are dropped; unchanged ones are not touched. A different embedding model rebuilds everything.
/// </summary>
public sealed partial class Ingestor(
    PassageChunker chunker,
    IEmbeddingGenerator<string, Embedding<float>> embeddings,
    IPassageStore store,
    ILogger<Ingestor> logger)
{
    /// <summary>Texts handed to the embedding generator per call, so progress can be shown as batches complete.</summary>
    private const int ProgressBatch = 32;

    public async Task<IngestionReport> IngestAsync(
        CorpusSnapshot corpus,
        bool rebuild = false,
        IProgress<IngestionProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        var clock = Stopwatch.StartNew();
        progress?.Report(new IngestionProgress("documents", corpus.Documents.Count, corpus.Documents.Count));

        var metadata = embeddings.GetService<EmbeddingGeneratorMetadata>();
        var model = metadata?.DefaultModelId ?? "unknown";
        // A rebuild replaces whatever is there, even an index this bot could not read.
        var manifest = rebuild ? null : await store.GetManifestAsync(cancellationToken).ConfigureAwait(false);
        var modelChanged = manifest is not null && (manifest.EmbeddingModel != model
            || (metadata?.DefaultModelDimensions is { } d && d != manifest.Dimensions));
        if (modelChanged && store.IsShared)
        {
            throw new IncompatibleIndexException(
                $"{store.Description} holds {manifest!.Dimensions}-d vectors of '{manifest.EmbeddingModel}', but this bot embeds " +
                $"with '{model}' ({metadata?.DefaultModelDimensions?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}-d). " +
                "Recreate it with `ingest --rebuild` (or start the server with --rebuild), or point the bot at another collection.");
        }

        if (modelChanged)
        {
            LogModelChanged(logger, manifest!.EmbeddingModel, model);
        }

        var replaceAll = rebuild || manifest is null || modelChanged;

        var known = replaceAll ? new Dictionary<string, IndexedDocument>() : manifest!.Documents.ToDictionary();
        var toIndex = corpus.Documents.Where(d => !known.TryGetValue(d.Id, out var k) || k.ContentHash != d.ContentHash).ToList();
        var removals = replaceAll ? [] : known.Keys.Except(corpus.Documents.Select(d => d.Id)).ToList();
        var added = toIndex.Count(d => !known.ContainsKey(d.Id));
        var changed = toIndex.Count - added;
        var unchanged = corpus.Documents.Count - toIndex.Count;

        if (!replaceAll && toIndex.Count == 0 && removals.Count == 0)
        {
            var report = new IngestionReport(corpus.Documents.Count, 0, 0, 0, unchanged, 0, 0, false, clock.Elapsed);
            LogNoChange(logger, corpus.Documents.Count);
            return report;
        }

        var drafts = toIndex.Select(d => (Document: d, Clean: DocumentCleaner.Clean(d))).Select(x => (x.Document, x.Clean, Passages: chunker.Chunk(x.Clean))).ToList();
        var passageCount = drafts.Sum(d => d.Passages.Count);
        progress?.Report(new IngestionProgress("passages", passageCount, passageCount));

        var sentences = drafts.SelectMany(d => d.Passages).SelectMany(p => p.Sentences.Select(s => s.Of(p.Text))).ToList();
        var headings = drafts.SelectMany(d => d.Passages).Select(p => p.Heading).Where(h => h.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var vectors = await EmbedAsync([.. sentences, .. headings], progress, cancellationToken).ConfigureAwait(false);
        var headingVectors = headings.Select((h, i) => (h, vectors[sentences.Count + i])).ToDictionary(x => x.h, x => x.Item2, StringComparer.Ordinal);
        var dimensions = vectors.Length > 0 ? vectors[0].Length : metadata?.DefaultModelDimensions ?? manifest?.Dimensions ?? 0;

        var next = 0;
        var upserts = new List<DocumentPassages>(drafts.Count);
        foreach (var (document, clean, passages) in drafts)
        {
            var indexed = new List<IndexedPassage>(passages.Count);
            foreach (var passage in passages)
            {
                var sentenceVectors = vectors.AsSpan(next, passage.Sentences.Count).ToArray();
                next += passage.Sentences.Count;
                // The heading counts in the passage's meaning as one more sentence: a question naming a section finds
                // the passages under it.
                var direction = headingVectors.TryGetValue(passage.Heading, out var heading) ? [.. sentenceVectors, heading] : sentenceVectors;
                indexed.Add(new IndexedPassage(passage, MeanDirection(direction), sentenceVectors));
            }

            upserts.Add(new DocumentPassages(
                new IndexedDocument(document.Id, clean.Title, document.SourceUrl, document.ContentHash, indexed.Count),
                indexed));
        }

        await store.ApplyAsync(new IndexChanges(model, dimensions, replaceAll, upserts, removals), cancellationToken).ConfigureAwait(false);
        var result = new IngestionReport(
            corpus.Documents.Count, added, changed, removals.Count, unchanged, passageCount, sentences.Count, replaceAll, clock.Elapsed);
        LogIngested(logger, result.Documents, added, changed, removals.Count, passageCount, sentences.Count, clock.Elapsed.TotalMilliseconds);
        IngestionTelemetry.Record(result);
        return result;
    }

    private async Task<float[][]> EmbedAsync(List<string> texts, IProgress<IngestionProgress>? progress, CancellationToken cancellationToken)
    {
        // Sorted by length across the whole corpus, so each batch the model sees holds texts of similar length.
        var order = Enumerable.Range(0, texts.Count).OrderBy(i => texts[i].Length).ToArray();
        var vectors = new float[texts.Count][];
        var batches = (texts.Count + ProgressBatch - 1) / ProgressBatch;
        for (var b = 0; b < batches; b++)
        {
            var slice = order.AsSpan(b * ProgressBatch, Math.Min(ProgressBatch, order.Length - (b * ProgressBatch))).ToArray();
            var generated = await embeddings.GenerateAsync(slice.Select(i => texts[i]), cancellationToken: cancellationToken).ConfigureAwait(false);
            for (var j = 0; j < slice.Length; j++)
            {
                vectors[slice[j]] = generated[j].Vector.ToArray();
            }

            progress?.Report(new IngestionProgress("embedding batches", b + 1, batches));
        }

        return vectors;
    }

    /// <summary>
    /// A passage's vector is the unit-length mean of its sentences' vectors. The model reads at most 256 word pieces, so
    /// encoding a long paragraph whole would cover only its start; the mean covers all of it and costs no second pass.
    /// </summary>
    private static float[] MeanDirection(float[][] sentenceVectors)
    {
        var mean = new float[sentenceVectors[0].Length];
        foreach (var vector in sentenceVectors)
        {
            TensorPrimitives.Add(mean, vector, mean);
        }

        var norm = TensorPrimitives.Norm(mean);
        if (norm > 0)
        {
            TensorPrimitives.Divide(mean, norm, mean);
        }

        return mean;
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Index is up to date with the corpus ({Documents} documents); nothing to ingest")]
    private static partial void LogNoChange(ILogger logger, int documents);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Ingested {Documents} documents ({Added} added, {Changed} changed, {Removed} removed): {Passages} passages, {Sentences} sentences in {Milliseconds:F0} ms")]
    private static partial void LogIngested(ILogger logger, int documents, int added, int changed, int removed, int passages, int sentences, double milliseconds);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "The index was built with embedding model {Old}; the configured model is {New}: rebuilding")]
    private static partial void LogModelChanged(ILogger logger, string old, string @new);
}
